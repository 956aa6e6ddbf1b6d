import { openStore } from '../../store/open.js';
import { localScope } from '../../core/scope.js';
import { runReportCommand } from './report.js';

export function reportCommand(argv: string[]): Promise<number> {
  return runReportCommand(argv, { openStore: () => openStore(), scope: localScope, stdout: process.stdout });
}
