#!/usr/bin/env node
// Generates the benchmark stacks (never hand-written, so they can grow with the scenarios).
//   node bench/generate.mjs <dir>     writes <dir>/big/compose.yaml (1000 services, parse-only)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** 1000 services with the fields real files use most, for parsing and validation only. */
export function bigStack(serviceCount = 1000) {
  // No top-level `name:` (docker-compose 1.29 rejects it); the directory names the project.
  const lines = ['services:'];
  for (let i = 0; i < serviceCount; i++) {
    const dependency =
      i > 0 ? [`    depends_on:`, `      s${i - 1}:`, `        condition: service_started`] : [];
    lines.push(
      `  s${i}:`,
      `    image: busybox:latest`,
      `    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`,
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

export function writeStacks(dir) {
  mkdirSync(join(dir, 'big'), { recursive: true });
  writeFileSync(join(dir, 'big', 'compose.yaml'), bigStack());
}

if (import.meta.url === `file://${process.argv[1]}`) writeStacks(process.argv[2] ?? 'bench/out');
