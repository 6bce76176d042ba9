#!/usr/bin/env node
// Offline images for tests and examples. No machine here reaches Docker Hub, so `busybox`
// is made locally: a FROM-scratch root file system holding Debian's static busybox,
// imported through the Engine API (POST /images/create?fromSrc=-) and tagged with the
// public name, so compose files saying `image: busybox` work here and anywhere else.
//
//   node scripts/images.mjs        create the images that are missing (idempotent)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aptInstall } from './engine.mjs';

export const offlineLabel = 'org.tscompose.offline-image';
const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];
const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// A tar writer of our own rather than `tar-stream`: that package is only in node_modules as a
// transitive dependency of dockerode (not declared by us, so `npm ci` owes us nothing about it),
// and a root file system of a few hundred entries needs only three ustar entry types.
const blockSize = 512;

function octal(value, width) {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader({ name, type, mode, size = 0, linkTarget = '' }) {
  if (Buffer.byteLength(name) > 100 || Buffer.byteLength(linkTarget) > 100) {
    throw new Error(`tar entry name too long: ${name}`);
  }
  const header = Buffer.alloc(blockSize);
  header.write(name, 0, 100);
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108); // uid root
  header.write(octal(0, 8), 116); // gid root
  header.write(octal(size, 12), 124);
  header.write(octal(0, 12), 136); // mtime: fixed, so the same input gives the same layer
  header.write('        ', 148); // checksum field counts as spaces while summing
  header.write(type, 156);
  header.write(linkTarget, 157, 100);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(octal(checksum, 7) + ' ', 148);
  return header;
}

/** entries: { name, type: 'dir' | 'file' | 'symlink', mode, content?, linkTarget? } → one tar archive. */
export function buildTar(entries) {
  const typeFlags = { file: '0', symlink: '2', dir: '5' };
  const parts = [];
  for (const entry of entries) {
    const content = entry.type === 'file' ? entry.content : Buffer.alloc(0);
    const name = entry.type === 'dir' ? `${entry.name}/` : entry.name;
    parts.push(tarHeader({ ...entry, name, type: typeFlags[entry.type], size: content.length }));
    if (content.length > 0) {
      parts.push(content, Buffer.alloc((blockSize - (content.length % blockSize)) % blockSize));
    }
  }
  parts.push(Buffer.alloc(blockSize * 2));
  return Buffer.concat(parts);
}

function findBusybox() {
  const found = busyboxCandidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (found && isStatic(found)) return found;
  aptInstall(['busybox-static']);
  const installed = busyboxCandidates.find((path) => existsSync(path) && isStatic(path));
  if (!installed)
    throw new Error('busybox-static is installed but no static busybox binary was found');
  return installed;
}

/** A dynamically linked busybox would not run in a scratch image: it has no libc there. */
function isStatic(path) {
  const ldd = spawnSync('ldd', [path], { encoding: 'utf8' });
  return (
    ldd.status !== 0 || /not a dynamic executable|statically linked/.test(ldd.stdout + ldd.stderr)
  );
}

function busyboxFacts(busyboxPath) {
  const run = (args) => spawnSync(busyboxPath, args, { encoding: 'utf8' }).stdout;
  const applets = run(['--list'])
    .split('\n')
    .filter((name) => name && name !== 'busybox');
  const version = /BusyBox v(\d+\.\d+)/.exec(run([]) || '')?.[1];
  return { applets, version };
}

/** The root file system, laid out like the official busybox image: every applet in /bin. */
function busyboxRootfs(busyboxPath, applets) {
  const dir = (name, mode = 0o755) => ({ name, type: 'dir', mode });
  const file = (name, text, mode = 0o644) => ({
    name,
    type: 'file',
    mode,
    content: Buffer.from(text),
  });
  return [
    ...['bin', 'etc', 'home', 'usr', 'usr/bin', 'usr/sbin', 'var', 'var/www'].map((name) =>
      dir(name),
    ),
    dir('root', 0o700),
    dir('tmp', 0o1777),
    { name: 'bin/busybox', type: 'file', mode: 0o755, content: readFileSync(busyboxPath) },
    ...applets.map((name) => ({
      name: `bin/${name}`,
      type: 'symlink',
      mode: 0o777,
      linkTarget: 'busybox',
    })),
    file(
      'etc/passwd',
      'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
    ),
    file('etc/group', 'root:x:0:\nnobody:x:65534:\n'),
    file('etc/nsswitch.conf', 'hosts: files dns\n'),
  ];
}

async function consumeProgress(stream) {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line);
    // The engine reports import failures in-band with HTTP 200.
    if (event.error) throw new Error(`image import failed: ${event.error}`);
  }
}

async function inspectOrUndefined(docker, reference) {
  try {
    return await docker.getImage(reference).inspect();
  } catch (error) {
    if (error?.statusCode === 404) return undefined;
    throw error;
  }
}

async function ensureBusybox(docker, log) {
  const existing = await inspectOrUndefined(docker, 'busybox:latest');
  if (existing && existing.Config?.Labels?.[offlineLabel] !== '1') {
    log('busybox:latest exists and is not ours (a pulled image?); leaving it alone');
    return;
  }
  const busyboxPath = findBusybox();
  const { applets, version } = busyboxFacts(busyboxPath);
  if (!existing) {
    const tar = buildTar(busyboxRootfs(busyboxPath, applets));
    const stream = await docker.importImage(tar, {
      repo: 'busybox',
      tag: 'latest',
      message: `static busybox ${version ?? ''} from Debian, made by scripts/images.mjs`,
      changes: [`LABEL ${offlineLabel}=1`, `ENV PATH=${defaultPath}`, 'CMD ["sh"]'],
    });
    await consumeProgress(stream);
    log(`created busybox:latest (${applets.length} applets, ${(tar.length / 1e6).toFixed(1)} MB)`);
  } else {
    log('busybox:latest (offline image) already present');
  }
  if (version && !(await inspectOrUndefined(docker, `busybox:${version}`))) {
    await docker.getImage('busybox:latest').tag({ repo: 'busybox', tag: version });
    log(`tagged busybox:${version}`);
  }
}

/** Makes every offline image available on the engine that dockerode's defaults reach. */
export async function ensureOfflineImages({ log = console.log, docker } = {}) {
  const client = docker ?? new (await import('dockerode')).default();
  await ensureBusybox(client, log);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureOfflineImages({ log: (line) => console.log(`[images] ${line}`) }).catch((error) => {
    console.error(`[images] ${error?.message ?? error}`);
    process.exit(1);
  });
}
