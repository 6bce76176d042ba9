import type { Agent } from 'node:http';

/**
 * Node's http agent works out a TLS server name for every request, plain HTTP
 * over a unix socket included: for the engine's socket that is
 * `isIP('localhost')`, whose first call compiles Node's IPv6 regular
 * expression, about 7 ms of every command. Plain HTTP never uses the name (it is
 * not part of the agent's pool key), so a process may have the global agent
 * skip it; everything else about that agent stays as Node made it (a separate
 * agent was tried, changed how connections were pooled, and was reverted).
 * HTTPS engines use another agent and are left alone.
 *
 * Changing Node's global agent is the process's choice, not the library's: the
 * CLI asks for it (`skipPlainHttpServerNames`), and the agent is changed only
 * when an engine client is opened (node:http is loaded by then anyway).
 */
let skip = false;

/** Lets engine clients opened in this process skip plain HTTP server names (the CLI's choice). */
export function skipPlainHttpServerNames(): void {
  skip = true;
}

/** Applies the choice to `agent` (Node's global http agent when an engine client is opened). */
export function applyServerNameChoice(agent: Agent): void {
  if (skip) (agent as Agent & { options: { servername?: string } }).options.servername = '';
}
