import { ChaosService } from '../infra/chaos-service';

interface Sample {
  at: number;
  port: number;
  ready: boolean;
}

/** Polls every service's /health twice a second, to tell when each said it was not ready. */
export class HealthSampler {
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly services: ChaosService[]) {}

  start(): void {
    this.timer = setInterval(() => {
      for (const s of this.services) void s.ready().then((ready) => this.samples.push({ at: Date.now(), port: s.port, ready }));
    }, 500);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  notReadyBetween(service: ChaosService, from: number, to: number): boolean {
    return this.samples.some((s) => s.port === service.port && s.at >= from && s.at <= to && !s.ready);
  }
}
