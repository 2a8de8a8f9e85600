import { BoundPorts, GenericContainer, getContainerRuntimeClient, InspectResult, StartedTestContainer, Wait, waitForContainer } from 'testcontainers';

/** docker-compose.yml's listeners: HOST for clients outside the container (mapped), INTERNAL, CONTROLLER. */
export const KAFKA_HOST_PORT = 9092;
const INTERNAL_PORT = 19092;
const STARTER = '/testcontainers_start.sh';
const WAITING = `waiting for ${STARTER}`;

/**
 * A one-node KRaft Kafka from the apache/kafka image with docker-compose.yml's environment
 * (@testcontainers/kafka knows only Confluent's image). The host listener must advertise the port Docker
 * maps, known once the container runs: the container first waits for a start script, which is then copied
 * in with that port and runs the image's own entry point — the way @testcontainers/kafka starts
 * Confluent's image.
 */
export class ApacheKafkaContainer extends GenericContainer {
  constructor(image: string, composeEnvironment: Record<string, string>) {
    super(image);
    this.withExposedPorts(KAFKA_HOST_PORT)
      .withEnvironment({
        ...composeEnvironment,
        // compose's service name "kafka" does not resolve here; the container reaches itself on localhost.
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      })
      .withEntrypoint(['sh'])
      .withCommand(['-c', `echo '${WAITING}'; while [ ! -f ${STARTER} ]; do sleep 0.1; done; exec ${STARTER}`])
      .withWaitStrategy(Wait.forLogMessage(WAITING))
      .withStartupTimeout(180_000);
  }

  protected override async containerStarted(container: StartedTestContainer, inspectResult: InspectResult): Promise<void> {
    const advertised = `HOST://${container.getHost()}:${container.getMappedPort(KAFKA_HOST_PORT)},INTERNAL://${inspectResult.hostname}:${INTERNAL_PORT}`;
    await container.copyContentToContainer([
      { content: `#!/bin/bash\nexport KAFKA_ADVERTISED_LISTENERS=${advertised}\nexec /etc/kafka/docker/run\n`, target: STARTER, mode: 0o755 },
    ]);
    const client = await getContainerRuntimeClient();
    const boundPorts = BoundPorts.fromInspectResult(client.info.containerRuntime.hostIps, inspectResult).filter([KAFKA_HOST_PORT]);
    // KafkaRaftServer logs this once the broker serves clients.
    await waitForContainer(client, client.container.getById(container.getId()), Wait.forLogMessage(/Kafka Server started/).withStartupTimeout(180_000), boundPorts);
  }
}
