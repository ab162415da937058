import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated } from '../auth/decorators';
import { Page } from '../common/dto/pagination.dto';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse } from '../common/http/api-page-response';
import { uuidParam } from '../common/http/uuid-param';
import { ReconcileReport, ReconcilerService } from '../payments/reconciliation/reconciler.service';
import { WebhookEventDto, WebhookEventsQueryDto } from '../webhooks/dto/webhook-event.dto';
import { WebhooksService } from '../webhooks/webhooks.service';
import { ApiUuidParam } from '../common/http/uuid-param';
import { ReconcileReportDto } from './dto/reconcile-report.dto';

@ApiTags('admin')
@Controller('admin')
@Authenticated({ role: 'admin' })
export class AdminOperationsController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly reconciler: ReconcilerService,
  ) {}

  @Get('webhook-events')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed query', type: ErrorResponseDto })
  @ApiOperation({
    operationId: 'listWebhookEvents',
    summary: 'The webhook inbox, newest first; `status=failed` shows what needs a replay',
  })
  @ApiPageResponse(WebhookEventDto, 'A page of the provider events received')
  listWebhookEvents(@Query() query: WebhookEventsQueryDto): Promise<Page<WebhookEventDto>> {
    return this.webhooks.list(query);
  }

  @Post('webhook-events/:id/replay')
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a malformed id', type: ErrorResponseDto })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'replayWebhookEvent',
    summary: 'Run a failed event again (it was verified when it arrived)',
  })
  @ApiUuidParam('The inbox row’s id (`id` in the inbox list, not the provider’s event id)')
  @ApiOkResponse({ type: WebhookEventDto, description: 'The event after the replay: `processed` or `ignored`' })
  @ApiNotFoundResponse({ description: 'WEBHOOK_EVENT_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({
    description: 'WEBHOOK_EVENT_NOT_REPLAYABLE: already processed or ignored',
    type: ErrorResponseDto,
  })
  @ApiInternalServerErrorResponse({
    description: 'INTERNAL_ERROR: it failed again (the inbox row keeps the error); fix the cause, then replay',
    type: ErrorResponseDto,
  })
  @ApiServiceUnavailableResponse({
    description: 'PAYMENT_PROVIDER_UNAVAILABLE: its provider could not be reached or is not configured; try again',
    type: ErrorResponseDto,
  })
  async replay(@Param('id', uuidParam()) id: string): Promise<WebhookEventDto> {
    return WebhookEventDto.from(await this.webhooks.replay(id));
  }

  @Post('reconciliation/run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'runReconciler',
    summary: 'Run the reconciler now',
    description:
      'Reads every open or processing checkout (however recent) and every unsettled refund back from the provider, ' +
      'submits refunds it never acknowledged, and applies what a missed webhook would have. Safe beside the timed ' +
      'runs of every instance: rows are claimed one by one. `changes` lists the attempts that moved; `more: true` when it stopped at its bound (5,000 attempts): run it again.',
  })
  @ApiOkResponse({ type: ReconcileReportDto, description: 'What the run read and changed' })
  runReconciler(): Promise<ReconcileReport> {
    return this.reconciler.run({ everyOpenAttempt: true });
  }
}
