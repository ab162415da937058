import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/decorators';
import { Page } from '../common/dto/pagination.dto';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse } from '../common/http/api-page-response';
import { uuidParam } from '../common/http/uuid-param';
import { ReconcileReport, ReconcilerService } from '../payments/reconciler.service';
import { WebhookEventDto, WebhookEventsQueryDto } from '../webhooks/dto/webhook-event.dto';
import { WebhooksService } from '../webhooks/webhooks.service';

@ApiTags('admin')
@Controller('admin')
@Authenticated({ role: 'admin' })
export class AdminOperationsController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly reconciler: ReconcilerService,
  ) {}

  @Get('webhook-events')
  @ApiOperation({ summary: 'The webhook inbox, newest first; `status=failed` shows what needs a replay' })
  @ApiPageResponse(WebhookEventDto)
  listWebhookEvents(@Query() query: WebhookEventsQueryDto): Promise<Page<WebhookEventDto>> {
    return this.webhooks.list(query);
  }

  @Post('webhook-events/:id/replay')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed event again (it was verified when it arrived)' })
  @ApiOkResponse({ type: WebhookEventDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK_EVENT_NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({
    description: 'WEBHOOK_EVENT_NOT_REPLAYABLE: already processed or ignored',
    type: ErrorResponseDto,
  })
  async replay(@Param('id', uuidParam()) id: string): Promise<WebhookEventDto> {
    return WebhookEventDto.from(await this.webhooks.replay(id));
  }

  @Post('reconciliation/run')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Run the reconciler now',
    description:
      'Reads stale checkouts and refunds back from Stripe and applies what a missed webhook would have. `ran: false` when another instance is running it.',
  })
  @ApiOkResponse({
    schema: {
      example: {
        ran: true,
        checkoutsChecked: 3,
        checkoutsChanged: 1,
        refundsSubmitted: 0,
        refundsChecked: 0,
        errors: 0,
        durationMs: 41,
      },
    },
  })
  runReconciler(): Promise<ReconcileReport> {
    return this.reconciler.run();
  }
}
