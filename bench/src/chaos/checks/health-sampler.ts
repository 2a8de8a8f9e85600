import { ChaosService } from '../infra/chaos-service';

interface Sample {
  at: number;
  port: number;
  ready: boolean;
  kafkaDegraded: boolean;
}

/** Polls every service's /health twice a second, to tell when each said it was (not) ready and Kafka degraded. */
export class HealthSampler {
  private readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly services: ChaosService[]) {}

  start(): void {
    this.timer = setInterval(() => {
      for (const s of this.services) void s.health().then((health) => this.samples.push({ at: Date.now(), port: s.port, ...health }));
    }, 500);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  notReadyBetween(service: ChaosService, from: number, to: number): boolean {
    return this.between(service, from, to).some((s) => !s.ready);
  }

  /** Sampled in the window, and ready at every sample. */
  readyThroughout(service: ChaosService, from: number, to: number): boolean {
    const samples = this.between(service, from, to);
    return samples.length > 0 && samples.every((s) => s.ready);
  }

  kafkaDegradedBetween(service: ChaosService, from: number, to: number): boolean {
    return this.between(service, from, to).some((s) => s.kafkaDegraded);
  }

  private between(service: ChaosService, from: number, to: number): Sample[] {
    return this.samples.filter((s) => s.port === service.port && s.at >= from && s.at <= to);
  }
}
