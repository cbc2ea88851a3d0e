import { CollectorProcess, tempDir, testCollectorEnv, type CollectorPorts } from './CollectorProcess.ts';
import { freePort } from '@sightline/tests/free-port';
import { OtlpReceiver } from '@sightline/tests/otlp-receiver';

/** One gateway: today's pipeline, traces to its own Tempo stand-in, metrics on a scrape endpoint. */
export class Gateway {
  process: CollectorProcess | undefined;

  private constructor(
    readonly name: string,
    readonly tempo: OtlpReceiver,
    readonly env: Record<string, string>,
    readonly ports: CollectorPorts,
    readonly metricsPort: number,
    private readonly storage: { remove: () => void },
  ) {}

  static async create(name: string, extraEnv: Record<string, string>): Promise<Gateway> {
    const storage = tempDir(`gateway-${name}`);
    const tempo = new OtlpReceiver({ port: await freePort() });
    await tempo.start();
    const { env, ports } = await testCollectorEnv(storage.path);
    const metricsPort = await freePort();
    const gatewayEnv = {
      ...env,
      SIGHTLINE_COLLECTOR_ROLE: 'gateway',
      SIGHTLINE_TEMPO_ENDPOINT: tempo.url,
      SIGHTLINE_PROMETHEUS_ENDPOINT: `127.0.0.1:${metricsPort}`,
      ...extraEnv,
    };
    const gateway = new Gateway(name, tempo, gatewayEnv, ports, metricsPort, storage);
    await gateway.start();
    return gateway;
  }

  get grpcEndpoint(): string {
    return this.env.SIGHTLINE_OTLP_GRPC_ENDPOINT!;
  }

  async start(): Promise<void> {
    this.process = await CollectorProcess.start(this.env, this.ports);
  }

  /** Sum of one metric over all its series on the gateway's scrape endpoint. */
  async scrapeSum(name: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  async close(): Promise<void> {
    await this.process?.stop();
    await this.tempo.stop();
    this.storage.remove();
  }
}

/** The agent in front of `gateways`, found from a static list, or with `resolver` variables and a wrapper. */
export async function startAgent(
  gateways: Gateway[],
  resolver?: { env: Record<string, string>; wrapper: string[] },
): Promise<{ agent: CollectorProcess; remove: () => void }> {
  const storage = tempDir('agent');
  const { env, ports } = await testCollectorEnv(storage.path);
  const find = resolver?.env ?? { SIGHTLINE_GATEWAY_ENDPOINTS: gateways.map((g) => g.grpcEndpoint).join(',') };
  const agent = await CollectorProcess.start({ ...env, SIGHTLINE_COLLECTOR_ROLE: 'agent', ...find }, ports, resolver?.wrapper);
  return { agent, remove: storage.remove };
}
