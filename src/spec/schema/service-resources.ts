/** A service's resource limits and privileges. */
import { Type } from '@sinclair/typebox';
import {
  BooleanOrString,
  ClosedObject,
  define,
  ExtensibleObject,
  IntegerOrString,
  NumberOrString,
  OfTypes,
  OneOf,
  StringEnum,
} from './kit.js';
import { Gpus } from './deploy.js';
import { ListOfStrings, Ulimits } from './primitives.js';

/** A string (not yet interpolated or cast) or an integer in a range. */
function IntegerInRangeOrString(range: { minimum: number; maximum?: number }) {
  return OneOf([Type.String(), Type.Integer(range)]);
}

const BlkioLimit = ClosedObject({
  path: Type.Optional(Type.String()),
  rate: Type.Optional(IntegerOrString),
});
const BlkioWeight = ClosedObject({
  path: Type.Optional(Type.String()),
  weight: Type.Optional(IntegerOrString),
});

/** Block IO limits take no extension fields. */
export const BlkioConfig = define(
  'blkio_config',
  ClosedObject({
    device_read_bps: Type.Optional(Type.Array(BlkioLimit)),
    device_read_iops: Type.Optional(Type.Array(BlkioLimit)),
    device_write_bps: Type.Optional(Type.Array(BlkioLimit)),
    device_write_iops: Type.Optional(Type.Array(BlkioLimit)),
    weight: Type.Optional(IntegerOrString),
    weight_device: Type.Optional(Type.Array(BlkioWeight)),
  }),
);

/** `- /dev/ttyUSB0:/dev/ttyUSB0:rwm` or `{source, target, permissions}`. */
const Devices = Type.Array(
  OneOf([
    Type.String(),
    ExtensibleObject({
      source: Type.String(),
      target: Type.Optional(Type.String()),
      permissions: Type.Optional(Type.String()),
    }),
  ]),
);

const uniqueStrings = () => Type.Array(Type.String(), { uniqueItems: true });

export const serviceResourceFields = {
  // CPU
  cpus: Type.Optional(NumberOrString),
  cpu_count: Type.Optional(IntegerInRangeOrString({ minimum: 0 })),
  cpu_percent: Type.Optional(IntegerInRangeOrString({ minimum: 0, maximum: 100 })),
  cpu_shares: Type.Optional(NumberOrString),
  cpu_quota: Type.Optional(NumberOrString),
  cpu_period: Type.Optional(NumberOrString),
  cpu_rt_period: Type.Optional(NumberOrString),
  cpu_rt_runtime: Type.Optional(NumberOrString),
  cpuset: Type.Optional(Type.String()),
  // Memory and processes
  mem_limit: Type.Optional(NumberOrString),
  mem_reservation: Type.Optional(IntegerOrString),
  mem_swappiness: Type.Optional(IntegerOrString),
  memswap_limit: Type.Optional(NumberOrString),
  shm_size: Type.Optional(NumberOrString),
  oom_kill_disable: Type.Optional(BooleanOrString),
  oom_score_adj: Type.Optional(IntegerInRangeOrString({ minimum: -1000, maximum: 1000 })),
  pids_limit: Type.Optional(NumberOrString),
  ulimits: Type.Optional(Ulimits.ref),
  blkio_config: Type.Optional(BlkioConfig.ref),
  // Devices and cgroups
  devices: Type.Optional(Devices),
  device_cgroup_rules: Type.Optional(ListOfStrings.ref),
  gpus: Type.Optional(Gpus.ref),
  cgroup: Type.Optional(StringEnum(['host', 'private'])),
  cgroup_parent: Type.Optional(Type.String()),
  // Privileges and isolation
  privileged: Type.Optional(BooleanOrString),
  cap_add: Type.Optional(uniqueStrings()),
  cap_drop: Type.Optional(uniqueStrings()),
  security_opt: Type.Optional(uniqueStrings()),
  group_add: Type.Optional(Type.Array(OfTypes('string', 'number'), { uniqueItems: true })),
  userns_mode: Type.Optional(Type.String()),
  credential_spec: Type.Optional(
    ExtensibleObject({
      config: Type.Optional(Type.String()),
      file: Type.Optional(Type.String()),
      registry: Type.Optional(Type.String()),
    }),
  ),
  isolation: Type.Optional(Type.String()),
  runtime: Type.Optional(Type.String()),
  ipc: Type.Optional(Type.String()),
  pid: Type.Optional(OfTypes('string', 'null')),
  uts: Type.Optional(Type.String()),
};
