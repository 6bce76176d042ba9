import type { ConsistencyRule, Finding } from './rule.js';

/**
 * Finds `depends_on` cycles by depth-first search; each cycle is reported once,
 * starting from the first service (in model order) that is part of it.
 */
export const dependencyCycles: ConsistencyRule = {
  name: 'dependency-cycles',
  check: (project) => {
    const findings: Finding[] = [];
    const done = new Set<string>();
    const stack: string[] = [];
    // Where each service on the stack sits: long dependency chains would make
    // `stack.indexOf` quadratic.
    const onStack = new Map<string, number>();
    const visit = (name: string): void => {
      if (done.has(name)) return;
      const position = onStack.get(name);
      if (position !== undefined) {
        const cycle = [...stack.slice(position), name];
        findings.push({
          code: 'depends-on.cycle',
          message: `dependency cycle detected: ${cycle.join(' -> ')}`,
          path: ['services', cycle[cycle.length - 2]!, 'depends_on', name],
        });
        return;
      }
      onStack.set(name, stack.length);
      stack.push(name);
      for (const dependency of Object.keys(project.services[name]?.depends_on ?? {})) {
        if (dependency in project.services) visit(dependency);
      }
      stack.pop();
      onStack.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(project.services)) visit(name);
    return findings;
  },
};
