// The generated section of RESULTS.md: machine facts, the command, one table of wall times
// with ratios, one of peak RSS, and the issues' targets with a verdict. Everything outside
// the markers is hand-written and kept as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BUILTIN_TARGETS, SCENARIOS, TARGETS } from './scenarios.mjs';
import { stats } from './measure.mjs';

export const BEGIN =
  '<!-- bench:generated:begin (written by bench/run.mjs; edit outside the markers) -->';
export const END = '<!-- bench:generated:end -->';

const seconds = (ms) => `${(ms / 1000).toFixed(3)}`;
const mib = (kib) => `${(kib / 1024).toFixed(0)}`;

/** `results[scenario][stack][tool] = { ms: [], rss: [], errors: [] }` → rows with medians. */
export function summarise(results, toolIds) {
  const rows = [];
  for (const scenario of SCENARIOS)
    for (const [stack, byTool] of Object.entries(results[scenario.id] ?? {})) {
      const cells = {};
      for (const tool of toolIds) {
        const r = byTool[tool];
        if (!r) continue;
        cells[tool] = {
          ...(r.ms.length ? stats(r.ms) : {}),
          rss: r.rss.length ? stats(r.rss) : undefined,
          errors: r.errors,
          note: r.note,
        };
      }
      rows.push({ scenario, stack, cells });
    }
  return rows;
}

const MARKS = ['¹', '²', '³', '⁴', '⁵'];

function timeCell(cell, notes) {
  if (!cell) return '—';
  if (cell.median === undefined) return cell.errors.length ? `failed (${cell.errors.length})` : '—';
  const range = cell.n > 1 ? ` (${seconds(cell.min)}–${seconds(cell.max)})` : '';
  const failed = cell.errors.length ? `, ${cell.errors.length} failed` : '';
  const mark = cell.note ? ` ${MARKS[notes.indexOf(cell.note)] ?? '*'}` : '';
  return `${seconds(cell.median)}${range}${failed}${mark}`;
}

function ratio(a, b) {
  return a?.median !== undefined && b?.median !== undefined
    ? `${(a.median / b.median).toFixed(2)}x`
    : '—';
}

const BUILTIN = 'tscompose-builtin';

/**
 * Which ratios the table shows, as [numerator, denominator] tool ids: tscompose against every
 * other tool on its engine (`ts/<tool>`); tscompose on the built-in engine against tscompose
 * and the floor on the Docker Engine (what the built-in engine gains), then against the other
 * tools on the built-in engine (`tsb/<tool>`).
 */
export function ratioColumns(toolIds, engines = {}) {
  const onBuiltin = (t) => engines[t] === 'builtin';
  const columns = [];
  if (toolIds.includes('tscompose'))
    for (const t of toolIds) if (t !== 'tscompose' && !onBuiltin(t)) columns.push(['tscompose', t]);
  if (toolIds.includes(BUILTIN)) {
    for (const t of ['tscompose', 'floor']) if (toolIds.includes(t)) columns.push([BUILTIN, t]);
    for (const t of toolIds) if (t !== BUILTIN && onBuiltin(t)) columns.push([BUILTIN, t]);
  }
  return columns;
}

const shortName = (tool) => ({ tscompose: 'ts', [BUILTIN]: 'tsb' })[tool] ?? tool;

export function renderTables(rows, toolIds, engines = {}) {
  const ratios = ratioColumns(toolIds, engines);
  const head = [
    'scenario',
    'stack',
    ...toolIds.map((t) => `${t} s`),
    ...ratios.map(([a, b]) => `${shortName(a)}/${b}`),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  const notes = [
    ...new Set(rows.flatMap((r) => Object.values(r.cells).map((c) => c.note)).filter(Boolean)),
  ];
  for (const { scenario, stack, cells } of rows) {
    lines.push(
      `| ${scenario.title} | ${stack} | ${toolIds.map((t) => timeCell(cells[t], notes)).join(' | ')} | ${ratios
        .map(([a, b]) => ratio(cells[a], cells[b]))
        .join(' | ')} |`,
    );
  }
  const rss = rows.filter((r) => r.scenario.id === 'cold-up');
  if (rss.length > 0) {
    lines.push('', 'Peak RSS of cold `up -d` (MiB, median and range):', '');
    lines.push(
      `| stack | ${toolIds.join(' | ')} |`,
      `|${[0, ...toolIds].map(() => ' --- ').join('|')}|`,
    );
    for (const { stack, cells } of rss)
      lines.push(
        `| ${stack} | ${toolIds
          .map((t) => {
            const r = cells[t]?.rss;
            return r ? `${mib(r.median)} (${mib(r.min)}–${mib(r.max)})` : '—';
          })
          .join(' | ')} |`,
      );
  }
  if (notes.length > 0) lines.push('', ...notes.map((note, i) => `${MARKS[i] ?? '*'} ${note}`));
  return lines.join('\n');
}

/** `tool` is checked; `floor` and `base` are what its `x floor` and `ratio: 'base'` targets divide by. */
export function renderTargets(
  rows,
  { targets = TARGETS, tool = 'tscompose', floor: floorTool = 'floor', base } = {},
) {
  const lines = [`| target | ${tool} | verdict |`, '| --- | --- | --- |'];
  for (const target of targets) {
    const id = target.scenario === 'rss' ? 'cold-up' : target.scenario;
    const row = rows.find((r) => r.scenario.id === id && r.stack === target.stack);
    const ts = row?.cells[tool];
    const floor = row?.cells[floorTool];
    const against = base ? row?.cells[base] : undefined;
    if (ts?.median === undefined) continue;
    const name = `${target.scenario === 'rss' ? 'peak RSS, cold `up -d`' : row.scenario.title} ${target.stack === '-' ? '' : target.stack}`;
    // A ratio target whose denominator did not run here has no verdict.
    const missing =
      target.ratio === 'base'
        ? against?.median === undefined && base
        : target.scenario !== 'rss' && target.text.includes('x') && !floor?.median && floorTool;
    if (missing) {
      lines.push(`| ${name.trim()}: ${target.text} | ${missing} not measured | — |`);
      continue;
    }
    const facts = {
      median: ts.median,
      floorRatio: floor?.median ? ts.median / floor.median : NaN,
      baseRatio: against?.median ? ts.median / against.median : NaN,
      rssMedian: ts.rss?.median ?? NaN,
    };
    const shown =
      target.scenario === 'rss'
        ? `${mib(facts.rssMedian)} MiB`
        : target.ratio === 'base'
          ? `${facts.baseRatio.toFixed(2)}x (${seconds(ts.median)} s vs ${seconds(against.median)} s)`
          : target.text.includes('x')
            ? `${facts.floorRatio.toFixed(2)}x (${seconds(ts.median)} s)`
            : `${seconds(ts.median)} s`;
    lines.push(
      `| ${name.trim()}: ${target.text} | ${shown} | ${target.check(facts) ? 'met' : '**missed**'} |`,
    );
  }
  if (lines.length === 2) lines.push('| (no targeted scenario in this run) | — | — |');
  return lines.join('\n');
}

export function renderSection({
  date,
  facts,
  versions,
  engines = {},
  command,
  runs,
  rows,
  toolIds,
  unavailable,
  loadavg,
}) {
  return [
    BEGIN,
    `## ${date} — generated`,
    '',
    `Machine: ${facts.cores} cores (${facts.cpu}), ${facts.ram} RAM, ${facts.kernel}; ${facts.engine}; Node ${facts.node}; commit ${facts.commit}.`,
    `Load average before/after: ${loadavg.before} / ${loadavg.after}.`,
    ...engineLines(facts, engines),
    '',
    'Tools: ' +
      Object.entries(versions)
        .map(([tool, v]) => `${tool} ${v}`)
        .join('; ') +
      '.',
    ...Object.entries(unavailable).map(([tool, why]) => `Not measured: ${tool}: ${why}`),
    '',
    'Command:',
    '',
    '```sh',
    command,
    '```',
    '',
    `${runs} runs per cell, tools alternating (the order rotates every run); median, (min–max) in seconds; ratios are of medians.`,
    '',
    renderTables(rows, toolIds, engines),
    '',
    '### Targets (issue 7)',
    '',
    renderTargets(rows),
    ...(toolIds.includes(BUILTIN)
      ? [
          '',
          '### Targets (issue 8, tscompose on the built-in engine)',
          '',
          renderTargets(rows, {
            targets: BUILTIN_TARGETS,
            tool: BUILTIN,
            floor: 'floor-builtin',
            base: 'tscompose',
          }),
        ]
      : []),
    END,
  ].join('\n');
}

/** Which engine each tool ran on, when any ran on the built-in engine. */
function engineLines(facts, engines) {
  const on = (engine) =>
    Object.keys(engines)
      .filter((t) => engines[t] === engine)
      .join(', ');
  if (!on('builtin')) return [];
  return [
    '',
    `Engines: ${on('docker') ? `${on('docker')} on the Docker Engine; ` : ''}${on('builtin')} on ${facts.builtin ?? 'the built-in engine'}${on('podman') ? `; ${on('podman')} on Podman` : ''}.`,
  ];
}

/** Replaces the generated section (or inserts it under the title) and keeps the rest. */
export function writeResults(file, section) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  let next;
  if (begin >= 0 && end > begin)
    next = text.slice(0, begin) + section + text.slice(end + END.length);
  else {
    const lines = text.split('\n');
    const title = lines[0].startsWith('# ') ? 1 : 0;
    next = [...lines.slice(0, title), '', section, '', ...lines.slice(title)].join('\n');
  }
  writeFileSync(file, next);
}
