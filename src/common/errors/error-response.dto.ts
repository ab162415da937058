import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './domain-error';

/** The one error shape every route answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 409 })
  statusCode!: number;

  @ApiProperty({ example: 'Conflict', description: 'The HTTP status text' })
  error!: string;

  @ApiProperty({ example: 'Order 5b0e... is paid and cannot be canceled' })
  message!: string;

  @ApiProperty({ enum: Object.values(ErrorCode), example: ErrorCode.ORDER_NOT_CANCELABLE })
  code!: ErrorCode;

  @ApiPropertyOptional({
    description: 'Per-field problems for VALIDATION_FAILED',
    example: [{ field: 'items.0.quantity', messages: ['quantity must not be greater than 999'] }],
  })
  details?: { field: string; messages: string[] }[];

  @ApiPropertyOptional({ description: 'Request id, to quote when reporting a 5xx' })
  requestId?: string;
}
