import { networkInterfaces } from 'node:os';
import type Docker from 'dockerode';
import { connectDocker } from '../connect.js';

/** The fields of a network inspect reply this module reads. */
export interface BridgeNetworkInfo {
  readonly Options?: Readonly<Record<string, string>>;
  readonly IPAM?: { readonly Config?: readonly { readonly Subnet?: string; readonly Gateway?: string }[] | null };
}

const DEFAULT_BRIDGE_INTERFACE = 'docker0';

/**
 * The host's IPv4 address on Docker's default bridge, where a container on that network reaches
 * the host. On an engine's very first boot the bridge's IPAM config carries only `Subnet`, not
 * `Gateway` (moby issue 26799; it appears after a restart), so the address is looked up in order:
 * the IPAM gateway, the bridge interface's own address, then the subnet's first host address
 * (the engine's choice for the gateway).
 */
export async function bridgeGateway(docker?: Pick<Docker, 'getNetwork'>): Promise<string> {
  const client = docker ?? (await connectDocker()).docker;
  const network = (await client.getNetwork('bridge').inspect()) as BridgeNetworkInfo;
  const address = hostAddressOnBridge(network);
  if (!address) throw new Error(`Docker's bridge network has no IPv4 gateway, interface address or subnet: ${JSON.stringify(network.IPAM)}`);
  return address;
}

/** The host's address from a bridge network's inspect reply; undefined when nothing says. */
export function hostAddressOnBridge(network: BridgeNetworkInfo): string | undefined {
  const configs = (network.IPAM?.Config ?? []).filter((config) => config.Subnet?.includes('.') || config.Gateway?.includes('.'));
  const gateway = configs.find((config) => config.Gateway)?.Gateway;
  if (gateway) return gateway;
  const bridgeName = network.Options?.['com.docker.network.bridge.name'] ?? DEFAULT_BRIDGE_INTERFACE;
  const onInterface = networkInterfaces()[bridgeName]?.find((entry) => entry.family === 'IPv4')?.address;
  if (onInterface) return onInterface;
  const subnet = configs.find((config) => config.Subnet)?.Subnet;
  return subnet ? firstHostAddress(subnet) : undefined;
}

// --- Internal helpers ---

/** `172.17.0.0/16` → `172.17.0.1`. */
function firstHostAddress(cidr: string): string | undefined {
  const [base, bits] = cidr.split('/');
  const octets = base?.split('.').map(Number) ?? [];
  const prefix = Number(bits);
  if (octets.length !== 4 || octets.some((n) => !Number.isInteger(n) || n < 0 || n > 255) || !(prefix >= 0 && prefix <= 30)) return undefined;
  const value = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const mask = prefix === 0 ? 0 : 2 ** 32 - 2 ** (32 - prefix);
  const first = ((value & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(first / 2 ** shift) % 256).join('.');
}
