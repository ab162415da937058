import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './domain-error';

/** The one error shape every route answers with. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status text' })
  error!: string;

  @ApiProperty({ example: 'items.0.quantity must not be greater than 999' })
  message!: string;

  @ApiProperty({
    enum: Object.values(ErrorCode),
    example: ErrorCode.VALIDATION_FAILED,
    description: 'Stable machine code; the route’s responses list which it can answer',
  })
  code!: ErrorCode;

  @ApiPropertyOptional({
    description: 'Per-field problems for VALIDATION_FAILED',
    example: [{ field: 'items.0.quantity', messages: ['quantity must not be greater than 999'] }],
  })
  details?: { field: string; messages: string[] }[];

  @ApiPropertyOptional({ description: 'Request id, to quote when reporting a 5xx' })
  requestId?: string;
}
