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
    const visit = (name: string): void => {
      if (done.has(name)) return;
      const position = stack.indexOf(name);
      if (position >= 0) {
        const cycle = [...stack.slice(position), name];
        findings.push({
          code: 'depends-on.cycle',
          message: `dependency cycle detected: ${cycle.join(' -> ')}`,
          path: ['services', cycle[cycle.length - 2]!, 'depends_on', name],
        });
        return;
      }
      stack.push(name);
      for (const dependency of Object.keys(project.services[name]?.depends_on ?? {})) {
        if (dependency in project.services) visit(dependency);
      }
      stack.pop();
      done.add(name);
    };
    for (const name of Object.keys(project.services)) visit(name);
    return findings;
  },
};
