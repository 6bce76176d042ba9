import { Flags } from '@oclif/core';
import type { Engine } from '../engine/types.js';
import type { Plan as PlanValue } from '../planner/types.js';
import { ComposeCommand } from '../cli/compose-command.js';
import { hasChanges, planToDocument } from '../ui/plan-json.js';
import { renderPlanView } from '../ui/plan-view.js';
import { useColour } from '../ui/terminal.js';
import { parseScale, upPlanOptions, downPlanOptions } from '../cli/plan-options.js';

/** Exit codes of `plan`, like `terraform plan -detailed-exitcode`, for CI. */
export const PlanExit = { noChanges: 0, error: 1, changes: 2 } as const;

export default class Plan extends ComposeCommand {
  static override summary = 'Show what "up" or "down" would do, and why, without doing it';
  static override description = `Compares the project with what the engine reports and prints the actions "up" (default) or "down" would take, grouped by service, each with its reason. Exit codes: ${PlanExit.noChanges} nothing to do, ${PlanExit.changes} changes planned, ${PlanExit.error} error (invalid project, unreachable engine, or a blocker such as a changed volume).`;
  static override strict = false;
  static override usage = 'plan [up|down] [SERVICE...] [FLAGS]';
  static override examples = [
    '<%= config.bin %> plan',
    '<%= config.bin %> plan up web --force-recreate',
    '<%= config.bin %> plan down -v',
    '<%= config.bin %> plan --json > plan.json',
  ];

  static override flags = {
    json: Flags.boolean({
      description: 'Print the plan as a JSON document (see docs/plan-json.md)',
    }),
    verbose: Flags.boolean({ description: 'Also list what stays unchanged' }),
    // up
    'no-deps': Flags.boolean({ helpGroup: 'UP', description: "Don't start linked services" }),
    'force-recreate': Flags.boolean({
      helpGroup: 'UP',
      description: "Recreate containers even if their configuration and image haven't changed",
    }),
    'no-recreate': Flags.boolean({
      helpGroup: 'UP',
      description: "If containers already exist, don't recreate them",
    }),
    'always-recreate-deps': Flags.boolean({
      helpGroup: 'UP',
      description: 'Recreate dependent containers',
    }),
    'renew-anon-volumes': Flags.boolean({
      char: 'V',
      helpGroup: 'UP',
      description:
        'Recreate anonymous volumes instead of retrieving data from the previous containers',
    }),
    scale: Flags.string({
      multiple: true,
      helpGroup: 'UP',
      description: 'Scale SERVICE to NUM instances (SERVICE=NUM)',
    }),
    build: Flags.boolean({
      helpGroup: 'UP',
      description: 'Build images before starting containers',
    }),
    'no-build': Flags.boolean({
      helpGroup: 'UP',
      description: "Don't build an image, even if it's policy",
    }),
    pull: Flags.string({
      helpGroup: 'UP',
      options: ['always', 'missing', 'never', 'build'],
      description: 'Pull image before running',
    }),
    'no-start': Flags.boolean({
      helpGroup: 'UP',
      description: "Don't start the services after creating them",
    }),
    'remove-orphans': Flags.boolean({
      description: 'Remove containers for services not defined in the Compose file',
    }),
    // down
    volumes: Flags.boolean({
      char: 'v',
      helpGroup: 'DOWN',
      description:
        'Remove named volumes declared in the "volumes" section and anonymous volumes attached to containers',
    }),
    rmi: Flags.string({
      helpGroup: 'DOWN',
      options: ['local', 'all'],
      description: 'Remove images used by services',
    }),
    timeout: Flags.integer({
      char: 't',
      helpGroup: 'DOWN',
      description: 'Specify a shutdown timeout in seconds',
    }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Plan);
    this.resolveGlobalOptions(flags);
    const words = argv as string[];
    const kind = words[0] === 'down' ? 'down' : 'up';
    const services = words[0] === 'up' || words[0] === 'down' ? words.slice(1) : words;
    const options =
      kind === 'up'
        ? upPlanOptions({
            ...flags,
            services,
            scale: parseScale(flags.scale ?? []),
            now: Date.now(),
          })
        : downPlanOptions({ ...flags, services });
    const loaded = await this.loadProjectFromFlags(flags, { services });
    const [{ openEngine }, { observeProject }, { planUp, planDown }] = await Promise.all([
      import('../engine/index.js'),
      import('../engine/observe.js'),
      import('../planner/index.js'),
    ]);
    const engine = await openEngine(process.env);
    const actual = await observeProject(engine, loaded.project);
    const plan =
      options.kind === 'up'
        ? planUp(loaded.project, actual, options)
        : planDown(loaded.project, actual, options);
    const document = planToDocument(await withBackendWarnings(plan, engine));
    if (flags.json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else
      process.stdout.write(
        renderPlanView(document, {
          verbose: flags.verbose,
          colour: useColour('auto', process.stdout, process.env),
        }),
      );
    if (document.blockers.length > 0) return this.exit(PlanExit.error);
    if (hasChanges(document)) return this.exit(PlanExit.changes);
  }

  // `plan` exits 1 on every error, so CI tells "changes" (2) from "failed" (1).
  protected override failureExitCode(): number {
    return PlanExit.error;
  }
}

/** Adds, once per service, what the engine would ignore of the containers the plan creates. */
async function withBackendWarnings(plan: PlanValue, engine: Engine): Promise<PlanValue> {
  const warned = new Set<string>();
  const warnings = [...plan.warnings];
  for (const action of plan.actions) {
    if (action.type !== 'container.create' && action.type !== 'container.recreate') continue;
    if (warned.has(action.service)) continue;
    warned.add(action.service);
    for (const message of await engine.unsupportedFields(action.spec))
      warnings.push(`service ${action.service}: ${message}`);
  }
  return { ...plan, warnings };
}
