import { formatDiagnostic, type Diagnostic } from '../spec/diagnostics.js';
import { paint } from './terminal.js';

/** One line per diagnostic, prefixed the way users scan for them. */
export function renderDiagnostic(diagnostic: Diagnostic, colour: boolean): string {
  const label =
    diagnostic.severity === 'error'
      ? paint(colour, ['red', 'bold'], 'error')
      : paint(colour, 'yellow', 'warning');
  return `${label}: ${formatDiagnostic(diagnostic)}`;
}
