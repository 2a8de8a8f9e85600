import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { READINESS_CHECKS, ReadinessCheck } from './readiness-check';
import { withTimeout } from './with-timeout';

const PROBE_TIMEOUT_MS = 3000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ operationId: 'readiness', summary: 'Readiness: every required dependency answers (503 with the reasons if not); trouble the service serves through is a `degraded` detail' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.checks.map((c) => () => this.run(c)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus' own body (which check failed and why), not a bare problem document: the reason is the point.
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  @Get('live')
  @HealthCheck()
  @ApiOperation({ operationId: 'liveness', summary: 'Liveness: the process serves HTTP' })
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ pid: process.pid })]);
  }

  private async run(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.key);
    try {
      return indicator.up(await withTimeout(check.probe(), PROBE_TIMEOUT_MS));
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
