import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ReportsService } from './reports.service';
import type { NightlyReportResult } from './reports.service';

@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Triggers the nightly report; answers `{ ran: false }` when another instance is building it. */
  @Post('nightly')
  @HttpCode(200)
  async nightly(): Promise<NightlyReportResult> {
    return (await this.reports.buildNightlyReport()) ?? { ran: false };
  }

  @Post('invoices/:id/charge')
  @HttpCode(200)
  charge(@Param('id') id: string): Promise<{ invoiceId: string; charged: true }> {
    return this.reports.chargeInvoice(id);
  }
}
