import { HttpStatus } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ErrorCode } from '../../common/errors/domain-error';
import { createValidationPipe } from '../../common/errors/validation';
import { CreateOrderDto, CreateOrderItemDto, MAX_ITEMS_PER_ORDER, MAX_QUANTITY } from './create-order.dto';

interface FieldProblem {
  field: string;
  messages: string[];
}

/** The pipe the app installs globally, so these cases behave exactly like a request body. */
const pipe = createValidationPipe();
const validateBody = (body: unknown) => pipe.transform(body, { type: 'body', metatype: CreateOrderDto });

async function rejection(body: unknown): Promise<DomainError & { details: FieldProblem[] }> {
  let thrown: unknown;
  try {
    await validateBody(body);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  const error = thrown as DomainError & { details: FieldProblem[] };
  expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
  expect(error.status).toBe(HttpStatus.BAD_REQUEST);
  expect(Array.isArray(error.details)).toBe(true);
  return error;
}

/** Asserts the body is refused, the details name exactly these fields, and the message mentions each. */
async function expectRefused(body: unknown, fields: string[]): Promise<DomainError & { details: FieldProblem[] }> {
  const error = await rejection(body);
  expect([...new Set(error.details.map((d) => d.field))].sort()).toEqual([...fields].sort());
  for (const field of fields) expect(error.message).toContain(field);
  return error;
}

const item = (overrides: Partial<Record<string, unknown>> = {}) => ({
  productId: randomUUID(),
  quantity: 1,
  ...overrides,
});

describe(CreateOrderDto.name, () => {
  it('should accept a valid body and turn it into DTO instances', async () => {
    const body = { items: [item({ quantity: 2 }), item({ quantity: MAX_QUANTITY })] };
    const dto = await validateBody(body);
    expect(dto).toBeInstanceOf(CreateOrderDto);
    expect(dto.items).toHaveLength(2);
    expect(dto.items[0]).toBeInstanceOf(CreateOrderItemDto);
    expect(dto).toEqual({ items: body.items });
  });

  it(`should accept exactly ${MAX_ITEMS_PER_ORDER} items`, async () => {
    const items = Array.from({ length: MAX_ITEMS_PER_ORDER }, () => item());
    await expect(validateBody({ items })).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it.each([
    ['0', 0, 'quantity must not be less than 1'],
    ['-1', -1, 'quantity must not be less than 1'],
    ['1.5', 1.5, 'quantity must be a whole number'],
    ['the string "2"', '2', 'quantity must be a whole number'],
    ['1000', 1000, `quantity must not be greater than ${MAX_QUANTITY}`],
    ['null', null, 'quantity must be a whole number'],
  ])('should refuse a quantity of %s naming items.0.quantity', async (_label, quantity, expected) => {
    const error = await expectRefused({ items: [item({ quantity })] }, ['items.0.quantity']);
    expect(error.details[0].messages).toContain(expected);
    expect(error.message).toContain(`items.0.quantity ${expected.replace(/^quantity /, '')}`);
  });

  it('should refuse a missing quantity', async () => {
    await expectRefused({ items: [{ productId: randomUUID() }] }, ['items.0.quantity']);
  });

  it('should name the index of the bad item', async () => {
    const error = await expectRefused({ items: [item(), item(), item({ quantity: 0 })] }, ['items.2.quantity']);
    expect(error.message).toContain('items.2.quantity');
  });

  it.each([
    ['not a uuid', 'not-a-uuid'],
    ['a number', 42],
    ['missing', undefined],
    ['an almost-uuid', '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5'],
  ])('should refuse a productId that is %s', async (_label, productId) => {
    const error = await expectRefused({ items: [{ productId, quantity: 1 }] }, ['items.0.productId']);
    expect(error.details[0].messages).toContain('productId must be a UUID');
    expect(error.message).toContain('items.0.productId must be a UUID');
  });

  it('should refuse an empty item list', async () => {
    const error = await expectRefused({ items: [] }, ['items']);
    expect(error.message).toContain('items must contain at least one item');
  });

  it(`should refuse ${MAX_ITEMS_PER_ORDER + 1} items`, async () => {
    const items = Array.from({ length: MAX_ITEMS_PER_ORDER + 1 }, () => item());
    const error = await expectRefused({ items }, ['items']);
    expect(error.message).toContain(`items must contain at most ${MAX_ITEMS_PER_ORDER} items`);
  });

  it('should refuse the same productId twice instead of merging the lines', async () => {
    const productId = randomUUID();
    const error = await expectRefused({ items: [item({ productId }), item({ productId, quantity: 2 })] }, ['items']);
    expect(error.message).toContain('items must not list the same productId twice');
  });

  it.each([
    ['missing', {}],
    ['a string', { items: 'abc' }],
    ['an object', { items: { productId: randomUUID(), quantity: 1 } }],
  ])('should refuse items that are %s', async (_label, body) => {
    await expectRefused(body, ['items']);
  });

  it.each([
    ['null', null],
    ['a string', 'abc'],
    ['a number', 7],
  ])('should refuse an item that is %s', async (_label, bad) => {
    const error = await rejection({ items: [item(), bad] });
    expect(error.details.length).toBeGreaterThan(0);
    expect(error.details.every((d) => d.field.startsWith('items'))).toBe(true);
    expect(error.message).toContain('items');
  });

  // class-validator's @ValidateNested({ each: true }) descends into an element that is itself an
  // array, so an array where an item object belongs is validated as a list of items, not refused.
  it('should refuse an item that is an empty array', async () => {
    const error = await rejection({ items: [item(), []] });
    expect(error.details.some((d) => d.field.startsWith('items'))).toBe(true);
  });

  it('should refuse items nested one array too deep', async () => {
    const error = await rejection({ items: [[item({ quantity: 2 })]] });
    expect(error.details.some((d) => d.field.startsWith('items'))).toBe(true);
  });

  it('should refuse a missing body, asking for a JSON one', async () => {
    await expect(validateBody(undefined)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      status: HttpStatus.BAD_REQUEST,
      message: expect.stringMatching(/^A JSON body is required/),
    });
  });

  it.each([[[]], ['items'], [null], [3]])('should refuse the body %p, which is not a JSON object', async (body) => {
    await expect(validateBody(body)).rejects.toMatchObject({
      code: ErrorCode.VALIDATION_FAILED,
      message: expect.stringMatching(/^The body must be a JSON object/),
    });
  });

  it.each(['amount', 'unitAmount', 'totalAmount', 'status', 'userId'])(
    'should refuse a top-level %s instead of dropping it',
    async (field) => {
      const error = await expectRefused({ items: [item()], [field]: field === 'status' ? 'paid' : 1 }, [field]);
      expect(error.message).toContain(`${field} should not exist`);
    },
  );

  it.each(['amount', 'unitAmount', 'totalAmount', 'status', 'userId'])(
    'should refuse %s inside an item',
    async (field) => {
      const error = await expectRefused({ items: [item({ [field]: field === 'status' ? 'paid' : 1 })] }, [
        `items.0.${field}`,
      ]);
      expect(error.message).toContain(`items.0.${field} should not exist`);
    },
  );

  it('should report every problem at once', async () => {
    const error = await expectRefused({ items: [{ productId: 'x', quantity: 0, unitAmount: 1 }], userId: 'u' }, [
      'items.0.productId',
      'items.0.quantity',
      'items.0.unitAmount',
      'userId',
    ]);
    expect(error.details).toHaveLength(4);
  });

  it('should refuse the same bodies with plainToInstance + validate and the pipe options', async () => {
    const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
    const check = (body: object) => validate(plainToInstance(CreateOrderDto, body), options);
    expect(await check({ items: [item()] })).toEqual([]);
    const [error] = await check({ items: [item({ unitAmount: 1 })] });
    expect(error.property).toBe('items');
    expect(error.children?.[0].children?.[0]).toMatchObject({
      property: 'unitAmount',
      constraints: { whitelistValidation: 'property unitAmount should not exist' },
    });
  });
});
