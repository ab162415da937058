import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ErrorCode } from './domain-error';

/** One field's problem in a VALIDATION_FAILED answer. */
@ApiSchema({ name: 'FieldProblem' })
export class FieldProblemDto {
  @ApiProperty({
    example: 'items.0.quantity',
    description: 'The field’s path in the body or query (`items.0.quantity`)',
  })
  field!: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    example: ['quantity must not be greater than 999'],
    description: 'What is wrong with it',
  })
  messages!: string[];
}

/** The one error shape every route answers with. */
@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status text' })
  error!: string;

  @ApiProperty({
    example: 'items.0.quantity must not be greater than 999',
    description: 'For people: what went wrong, in a sentence',
  })
  message!: string;

  @ApiProperty({
    enum: Object.values(ErrorCode),
    enumName: 'ErrorCode',
    example: ErrorCode.VALIDATION_FAILED,
    description: 'Stable machine code; the route’s responses list which it can answer',
  })
  code!: ErrorCode;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Per-field problems, on VALIDATION_FAILED from a DTO' })
  details?: FieldProblemDto[];

  @ApiPropertyOptional({
    example: 'b7c1e2d4-5f60-4a1b-9c2d-3e4f5a6b7c8d',
    description: 'The request id, on 5xx answers: quote it when reporting the problem',
  })
  requestId?: string;
}
