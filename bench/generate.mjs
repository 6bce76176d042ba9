#!/usr/bin/env node
// Generates the benchmark stacks (never hand-written, so they can grow with the scenarios).
//   node bench/generate.mjs [dir]     writes <dir>/<stack>/compose.yaml for every stack (default bench/out)
//
// Each stack is first a small model ({ services: [{ name, dependsOn, healthcheck, volumes }] })
// that the floor (floor.mjs) reads directly, then YAML that every tool reads. The YAML is the
// Compose Specification without `version:` and without top-level `name:`: docker-compose 1.29
// accepts that form (long `depends_on` with `condition: service_healthy` included) and rejects
// `name:`, so the project name always comes from `-p`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IMAGE = 'busybox:latest';
// `sleep & wait`, not `while :; do sleep 1; done`: sh runs a trap only after the foreground
// command returns, so the loop form stops in up to 1 s; `wait` is interrupted by TERM at once.
export const COMMAND = ['sh', '-c', "trap 'exit 0' TERM; sleep 86400 & wait"];
/** The service whose environment the "change" scenario edits; it has no dependents (docker-compose 1.29 would recreate them too). */
export const CHANGE_VARIABLE = 'BENCH_REV';

/** Service `name` of layer `layer` of a layered stack (`l0s0`...). */
const layered = (layer, index) => `l${layer}s${index}`;

function independent(count) {
  return Array.from({ length: count }, (_, i) => ({ name: `s${i}`, dependsOn: [] }));
}

function layers(layerCount, width) {
  const services = [];
  for (let layer = 0; layer < layerCount; layer++)
    for (let i = 0; i < width; i++)
      services.push({
        name: layered(layer, i),
        dependsOn:
          layer === 0
            ? []
            : Array.from({ length: width }, (_, j) => ({
                name: layered(layer - 1, j),
                condition: 'service_started',
              })),
      });
  return services;
}

function healthChain(count) {
  return Array.from({ length: count }, (_, i) => ({
    name: `h${i}`,
    dependsOn: i === 0 ? [] : [{ name: `h${i - 1}`, condition: 'service_healthy' }],
    healthcheck: { test: ['CMD', 'true'], interval: '1s' },
  }));
}

function withVolumes(count) {
  return Array.from({ length: count }, (_, i) => ({
    name: `v${i}`,
    dependsOn: [],
    volumes: [
      { type: 'volume', source: `data${i}`, target: '/data' },
      { type: 'volume', source: 'shared', target: '/shared' },
      { type: 'bind', source: './conf', target: '/etc/app', readOnly: true },
    ],
  }));
}

/** The last service of a stack: the one the change scenario edits (nothing depends on it). */
export function changedService(stack) {
  return stack.services.at(-1).name;
}

/** Stacks the engine runs; `big` is separate (parse-only). */
export const STACKS = {
  s10: { name: 's10', services: independent(10), volumes: [] },
  s50: { name: 's50', services: layers(5, 10), volumes: [] },
  s10h: { name: 's10h', services: healthChain(10), volumes: [] },
  vol: {
    name: 'vol',
    services: withVolumes(10),
    volumes: [...Array.from({ length: 10 }, (_, i) => `data${i}`), 'shared'],
  },
};

const quote = (value) => JSON.stringify(value);

export function stackYaml(stack) {
  const last = changedService(stack);
  const lines = ['services:'];
  for (const service of stack.services) {
    lines.push(`  ${service.name}:`, `    image: ${IMAGE}`, `    command: ${quote(COMMAND)}`);
    if (service.name === last)
      lines.push('    environment:', `      ${CHANGE_VARIABLE}: "\${${CHANGE_VARIABLE}:-0}"`);
    if (service.healthcheck)
      lines.push(
        '    healthcheck:',
        `      test: ${quote(service.healthcheck.test)}`,
        `      interval: ${service.healthcheck.interval}`,
      );
    if (service.dependsOn.length > 0) {
      lines.push('    depends_on:');
      for (const dep of service.dependsOn)
        lines.push(`      ${dep.name}:`, `        condition: ${dep.condition}`);
    }
    if (service.volumes?.length) {
      lines.push('    volumes:');
      for (const volume of service.volumes)
        lines.push(
          `      - type: ${volume.type}`,
          `        source: ${volume.source}`,
          `        target: ${volume.target}`,
          ...(volume.readOnly ? ['        read_only: true'] : []),
        );
    }
  }
  if (stack.volumes.length > 0) {
    lines.push('volumes:');
    for (const volume of stack.volumes) lines.push(`  ${volume}: {}`);
  }
  return `${lines.join('\n')}\n`;
}

/** 1000 services with the fields real files use most, for parsing and validation only. */
export function bigStack(serviceCount = 1000) {
  const lines = ['services:'];
  for (let i = 0; i < serviceCount; i++) {
    const dependency =
      i > 0 ? [`    depends_on:`, `      s${i - 1}:`, `        condition: service_started`] : [];
    lines.push(
      `  s${i}:`,
      `    image: ${IMAGE}`,
      `    command: ${quote(COMMAND)}`,
      `    environment:`,
      `      SERVICE_INDEX: "${i}"`,
      `      LOG_LEVEL: \${LOG_LEVEL:-info}`,
      `    labels:`,
      `      com.example.tier: "t${i % 10}"`,
      `    ports:`,
      `      - "127.0.0.1:${20000 + i}:80"`,
      `    volumes:`,
      `      - data${i % 10}:/data`,
      `      - ./conf:/etc/app:ro`,
      `    healthcheck:`,
      `      test: ["CMD", "true"]`,
      `      interval: 1m30s`,
      `    restart: unless-stopped`,
      ...dependency,
    );
  }
  lines.push('volumes:');
  for (let i = 0; i < 10; i++) lines.push(`  data${i}: {}`);
  return `${lines.join('\n')}\n`;
}

/** Writes every stack under `dir`; returns `{ stackName: absolute compose file }`. */
export function writeStacks(dir) {
  const files = {};
  const write = (name, text) => {
    mkdirSync(join(dir, name, 'conf'), { recursive: true });
    writeFileSync(join(dir, name, 'conf', 'app.conf'), 'bench\n');
    writeFileSync(join(dir, name, 'compose.yaml'), text);
    files[name] = join(dir, name, 'compose.yaml');
  };
  for (const stack of Object.values(STACKS)) write(stack.name, stackYaml(stack));
  write('big', bigStack());
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = writeStacks(process.argv[2] ?? 'bench/out');
  for (const [name, file] of Object.entries(files)) console.log(`${name}\t${file}`);
}
