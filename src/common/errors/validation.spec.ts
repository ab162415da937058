import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DomainError, ErrorCode } from './domain-error';
import { createValidationPipe } from './validation';

/** Decorated the way the app's DTOs are: what the field is first, then its bounds. */
class SignInBody {
  @IsString()
  @MaxLength(254)
  email!: string;

  @IsEmail({}, { message: 'backupEmail must be a valid email address' })
  @MaxLength(254)
  backupEmail!: string;
}

class LineBody {
  @IsUUID('all', { message: 'productId must be a UUID' })
  productId!: string;

  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1)
  @Max(999)
  quantity!: number;
}

class BasketBody {
  @IsArray()
  @IsObject({ each: true, message: 'each item must be an object {productId, quantity}' })
  @ValidateNested({ each: true })
  @Type(() => LineBody)
  items!: LineBody[];

  @IsString()
  @Matches(/^[A-Z]+$/, { message: 'the note must be capital letters' })
  note!: string;
}

interface Refusal {
  message: string;
  details: { field: string; messages: string[] }[];
}

async function refusal(metatype: new () => object, body: object): Promise<Refusal> {
  const thrown = await createValidationPipe()
    .transform(body, { type: 'body', metatype: metatype as never })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(ErrorCode.VALIDATION_FAILED);
  return thrown as Refusal;
}

const validLine = { productId: '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f', quantity: 1 };

describe('createValidationPipe', () => {
  it('should give a missing field one message: its type rule, not every bound it also misses', async () => {
    const { message, details } = await refusal(SignInBody, {});

    expect(message).toBe('email must be a string; backupEmail must be a valid email address');
    expect(details).toEqual([
      { field: 'email', messages: ['email must be a string'] },
      { field: 'backupEmail', messages: ['backupEmail must be a valid email address'] },
    ]);
  });

  it('should give a null or wrongly typed field the same single message', async () => {
    const { details } = await refusal(SignInBody, { email: null, backupEmail: 42 });

    expect(details).toEqual([
      { field: 'email', messages: ['email must be a string'] },
      { field: 'backupEmail', messages: ['backupEmail must be a valid email address'] },
    ]);
  });

  it('should report the bound when the type is right', async () => {
    const { message } = await refusal(SignInBody, { email: `${'a'.repeat(250)}@b.cd`, backupEmail: 'b@example.test' });

    expect(message).toBe('email must be shorter than or equal to 254 characters');
  });

  it('should name nested fields by their path, one message each', async () => {
    const { message, details } = await refusal(BasketBody, { items: [validLine, { quantity: null }], note: 'OK' });

    expect(message).toBe('items.1.productId must be a UUID; items.1.quantity must be a whole number');
    expect(details).toEqual([
      { field: 'items.1.productId', messages: ['productId must be a UUID'] },
      { field: 'items.1.quantity', messages: ['quantity must be a whole number'] },
    ]);
  });

  it('should say a list that is not an array is not an array, and nothing more', async () => {
    const { message, details } = await refusal(BasketBody, { items: 'abc', note: 'OK' });

    expect(message).toBe('items must be an array');
    expect(details).toHaveLength(1);
  });

  it('should report items that are not objects once, on the list, without an echo per element', async () => {
    const { message, details } = await refusal(BasketBody, { items: [5, null], note: 'OK' });

    expect(message).toBe('items: each item must be an object {productId, quantity}');
    expect(details).toEqual([{ field: 'items', messages: ['each item must be an object {productId, quantity}'] }]);
  });

  it('should put the field in front of a message that does not start with it', async () => {
    const { message } = await refusal(BasketBody, { items: [validLine], note: 'lower' });

    expect(message).toBe('note: the note must be capital letters');
  });

  it('should still report every field at once, unknown ones included', async () => {
    const { message, details } = await refusal(BasketBody, {
      items: [{ ...validLine, unitAmount: 1 }],
      note: 5,
      userId: 'u',
    });

    expect(details.map((detail) => detail.field).sort()).toEqual(['items.0.unitAmount', 'note', 'userId']);
    expect(message.split('; ').sort()).toEqual([
      'items.0.unitAmount should not exist',
      'note must be a string',
      'userId should not exist',
    ]);
  });
});
