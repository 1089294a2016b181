import { describe, expect, it } from 'vitest';
import { bridgeGateway, hostAddressOnBridge } from './bridge-address.js';

/** A network inspect reply as an engine gives it on its very first boot: `Subnet` without `Gateway`. */
const firstBoot = (bridgeName: string, subnet: string) => ({
  Options: { 'com.docker.network.bridge.name': bridgeName },
  IPAM: { Config: [{ Subnet: subnet }] },
});

describe('the host address on the bridge', () => {
  it('is the IPAM gateway when the engine reports one', () => {
    expect(hostAddressOnBridge({ IPAM: { Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] } })).toBe('172.17.0.1');
  });

  it("is the bridge interface's own address when the first-boot reply has only a subnet", () => {
    // The loopback interface stands in for docker0: the test needs no engine.
    expect(hostAddressOnBridge(firstBoot('lo', '127.0.0.0/8'))).toBe('127.0.0.1');
  });

  it("is the subnet's first host address when the interface is not on this host", () => {
    expect(hostAddressOnBridge(firstBoot('llmsb-no-such-if', '172.18.0.0/16'))).toBe('172.18.0.1');
    expect(hostAddressOnBridge(firstBoot('llmsb-no-such-if', '10.200.3.128/25'))).toBe('10.200.3.129');
  });

  it('skips IPv6 entries and reports nothing when no IPv4 information exists', () => {
    // A bridge interface that is not on this host, else its own address would answer.
    const Options = { 'com.docker.network.bridge.name': 'llmsb-no-such-if' };
    expect(hostAddressOnBridge({ Options, IPAM: { Config: [{ Subnet: 'fd00::/64', Gateway: 'fd00::1' }] } })).toBeUndefined();
    expect(hostAddressOnBridge({ Options, IPAM: { Config: null } })).toBeUndefined();
  });

  it('is found through a stubbed engine whose bridge has no Gateway (first boot)', async () => {
    const engine = { getNetwork: () => ({ inspect: async () => firstBoot('llmsb-no-such-if', '172.17.0.0/16') }) };
    await expect(bridgeGateway(engine as never)).resolves.toBe('172.17.0.1');
  });
});
