// The `policyscope` command line: argument parsing (commander) and exit codes. The commands
// themselves are plain functions; everything reaches the outside through the injected io, so the
// tests run the CLI in-process. Commands are loaded when they run: help and usage errors answer
// without loading the engine.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ADDRESS_FORMS, DIFF_FORMATS, EXPLANATION_FORMATS, OUTPUT_FORMATS } from '../engine/render/index.js';
import { REACH_FORMATS, type ReachFormat } from '../engine/render/reach.js';
import { REPORT_FORMATS, type ReportFormat } from '../engine/report/render-report.js';
import type { Granularity, OutputFormat, ReachGranularity } from '../engine/index.js';
import type { DiffFormat, ExplanationFormat } from '../engine/render/index.js';
import { VALIDATION_MODES } from '../engine/parse/validation.js';
import { FINDING_SEVERITIES, type FindingSeverity } from '../engine/queries/findings.js';
import { FINDINGS_FORMATS, type FindingsFormat } from '../engine/queries/findings-text.js';
import { analysisFlagOptions, type AnalysisFlags } from './analysis-options.js';
import type { InputFlags } from './load-snapshot.js';
import { parsePortArgument, type PortArgument } from './port-argument.js';
import { CliFailure, EXIT_INPUT_ERROR, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

const GRANULARITIES: readonly Granularity[] = ['pod', 'workload', 'namespace'];

function granularityOption(): Option {
  return new Option('--granularity <level>', 'endpoints to report').choices(GRANULARITIES).default('workload');
}

function formatOption(formats: readonly string[]): Option {
  return new Option('--format <format>', 'output format').choices(formats).default('txt');
}

function addressesOption(): Option {
  return new Option('--addresses <form>', 'external blocks in text formats: CIDRs, or inclusive ranges as np-guard prints them')
    .choices(ADDRESS_FORMS)
    .default('cidr');
}

function outputOption(): Option {
  return new Option('-o, --output <file>', 'write the result to a file instead of stdout');
}

function portArgument(text: string): PortArgument {
  const parsed = parsePortArgument(text);
  if (parsed === undefined) throw new InvalidArgumentError('expected PORT or PORT/PROTOCOL, e.g. 80 or 53/UDP (port 1-65535; TCP, UDP or SCTP).');
  return parsed;
}

function validationOption(): Option {
  return new Option(
    '--validation <mode>',
    'unknown fields and values outside the API enums: strict fails (exit 1, as kubectl apply), warn ignores the field (or leaves the object out) and warns, ignore says nothing',
  )
    .choices(VALIDATION_MODES)
    .default('strict');
}

/** The flags of every command that reads manifests. */
function withSharedFlags(command: Command): Command {
  for (const option of analysisFlagOptions()) command.addOption(option);
  return command.addOption(validationOption());
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('policyscope')
    .description('Kubernetes network-policy reachability analysis')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)');

  withSharedFlags(program.command('analyze'))
    .description('print the allowed connections of a snapshot')
    .argument('<paths...>', 'manifest files or folders (walked recursively for .yaml, .yml and .json)')
    .addOption(granularityOption())
    .addOption(formatOption([...OUTPUT_FORMATS, 'stats', 'rules']))
    .option('--focus <ns/name>', 'only connections from or to this pod or workload')
    .addOption(addressesOption())
    .addOption(outputOption())
    .action(async (paths: string[], opts: { granularity: Granularity; format: OutputFormat | 'stats' | 'rules'; focus?: string; output?: string } & AnalysisFlags & InputFlags) => {
      if (opts.format === 'stats') {
        // Counts, not a list: no pair is materialised, so any size answers.
        const { runAnalyzeStats } = await import('./commands/analyze-stats.js');
        setExitCode(runAnalyzeStats(paths, opts, io));
        return;
      }
      const { runAnalyze } = await import('./commands/analyze.js');
      setExitCode(runAnalyze(paths, { ...opts, format: opts.format }, io));
    });

  withSharedFlags(program.command('diff'))
    .description('compare the connectivity of two snapshots')
    .argument('<before>', 'manifest file or folder: the old state')
    .argument('<after>', 'manifest file or folder: the new state')
    .addOption(granularityOption())
    .addOption(formatOption(DIFF_FORMATS))
    .option('--fail-on-change', 'exit with code 3 when any connection was added, removed or changed', false)
    .option('--intents <file>', 'an intents file (see `check`) evaluated on both sides: the diff says which intents broke or mended')
    .addOption(addressesOption())
    .addOption(outputOption())
    .action(
      async (before: string, after: string, opts: { granularity: Granularity; format: DiffFormat; failOnChange: boolean; output?: string; intents?: string } & AnalysisFlags & InputFlags) => {
        const { runDiff } = await import('./commands/diff.js');
        setExitCode(runDiff(before, after, opts, io));
      },
    );

  withSharedFlags(program.command('report'))
    .description('a report over snapshots in the order given: metric trends, chain of changes, first-to-last diff, new exposures (the service\'s report, no server)')
    .argument('<paths...>', 'one manifest file or folder per snapshot, oldest first')
    .addOption(new Option('--format <format>', 'output format: html is one self-contained page').choices(REPORT_FORMATS).default('html'))
    .option('--cluster <name>', 'cluster name shown in the report', 'snapshots')
    .addOption(outputOption())
    .action(async (paths: string[], opts: { format: ReportFormat; cluster: string; output?: string } & AnalysisFlags & InputFlags) => {
      const { runReport } = await import('./commands/report.js');
      setExitCode(runReport(paths, opts, io));
    });

  withSharedFlags(program.command('explain'))
    .description('explain whether one connection is allowed, and which policies decide it')
    .argument('<paths...>', 'manifest files or folders')
    .requiredOption('--from <endpoint>', 'source: ns/pod, ns/workload, an IP address or {ingress-controller}')
    .requiredOption('--to <endpoint>', 'destination: ns/pod, ns/workload, an IP address, or a Service (ns/name[Service]; --port is then a Service port)')
    .requiredOption('--port <port>', 'destination port, optionally with protocol: 80, 80/TCP, 53/UDP', portArgument)
    .addOption(formatOption(EXPLANATION_FORMATS))
    .addOption(addressesOption())
    .addOption(outputOption())
    .action(
      async (paths: string[], opts: { from: string; to: string; port: PortArgument; format: ExplanationFormat; output?: string } & AnalysisFlags & InputFlags) => {
        const { runExplain } = await import('./commands/explain.js');
        setExitCode(runExplain(paths, opts, io));
      },
    );

  const keys = program.command('keys').description('manage the service\'s API keys directly in its database (DATABASE_URL)');
  keys
    .command('create')
    .description('create an API key and print it (only this once) on stdout')
    .argument('<name>', 'what the key is for')
    .requiredOption('--scopes <list>', 'comma-separated: read, write, admin (admin includes write, write includes read)')
    .option('--clusters <list>', 'comma-separated cluster names: the only ones the key may see (not with admin)')
    .action(async (name: string, opts: { scopes: string; clusters?: string }) => {
      const { runKeysCreate } = await import('./commands/keys.js');
      setExitCode(await runKeysCreate(name, opts, io));
    });
  keys
    .command('list')
    .description('list the API keys (never their secrets): id, prefix, name, scopes, clusters, created, state')
    .option('--json', 'as JSON', false)
    .action(async (opts: { json: boolean }) => {
      const { runKeysList } = await import('./commands/keys.js');
      setExitCode(await runKeysList(opts, io));
    });
  keys
    .command('revoke')
    .description('revoke an API key: it stops working at once')
    .argument('<id>', 'key id (UUID), as `keys list` shows it')
    .action(async (id: string) => {
      const { runKeysRevoke } = await import('./commands/keys.js');
      setExitCode(await runKeysRevoke(id, io));
    });

  withSharedFlags(program.command('lint'))
    .description('list findings (severity, code, one line, objects): policies that do not take effect, open workloads and namespaces, dead, redundant or overly broad rules…; exit 4 with --fail-on')
    .argument('<paths...>', 'manifest files or folders')
    .addOption(new Option('--fail-on <severity>', 'exit 4 when a finding is at or above this severity').choices([...FINDING_SEVERITIES, 'never']).default('never'))
    .addOption(formatOption(FINDINGS_FORMATS))
    .addOption(outputOption())
    .action(async (paths: string[], opts: { failOn: FindingSeverity | 'never'; format: FindingsFormat; output?: string } & AnalysisFlags & InputFlags) => {
      const { runLint } = await import('./commands/lint.js');
      setExitCode(runLint(paths, opts, io));
    });

  withSharedFlags(program.command('check'))
    .description('evaluate an intents file (what must and must not reach what) on a snapshot; exit 5 when an intent is violated')
    .argument('<paths...>', 'manifest files or folders')
    .requiredOption('--intents <file>', 'intents file (YAML, see docs/contracts.md "Intent checks")')
    .addOption(formatOption(['txt', 'json']))
    .addOption(outputOption())
    .action(async (paths: string[], opts: { intents: string; format: 'txt' | 'json'; output?: string } & AnalysisFlags & InputFlags) => {
      const { runCheck } = await import('./commands/check.js');
      setExitCode(runCheck(paths, opts, io));
    });

  const hops = (fallback: number) =>
    new Option('-k, --hops <k>', `at most this many hops (1-10, default ${fallback})`).argParser((text: string) => {
      const k = Number(text);
      if (!Number.isInteger(k) || k < 1 || k > 10) throw new InvalidArgumentError('an integer from 1 to 10.');
      return k;
    });
  withSharedFlags(program.command('paths'))
    .description('shortest attack paths (ports at each hop) from the internet, a workload or a namespace to the workloads a label selector matches')
    .argument('<paths...>', 'manifest files or folders')
    .requiredOption('--from <source>', 'internet (public addresses and the ingress controller), ns/pod, ns/workload, ns/name[Kind] or a namespace')
    .requiredOption('--to <selector>', 'label selector of the targets: tier=db, app in (a,b), !legacy')
    .addOption(hops(4))
    .addOption(formatOption(['txt', 'json']))
    .addOption(outputOption())
    .action(async (paths: string[], opts: { from: string; to: string; hops?: number; format: 'txt' | 'json'; output?: string } & AnalysisFlags & InputFlags) => {
      const { runPaths } = await import('./commands/paths.js');
      setExitCode(runPaths('paths', paths, { ...opts, k: opts.hops }, io));
    });
  withSharedFlags(program.command('blast-radius'))
    .description('every workload reachable from a source within k hops, with the hop count and one way in')
    .argument('<paths...>', 'manifest files or folders')
    .requiredOption('--from <source>', 'ns/pod, ns/workload, ns/name[Kind], a namespace or internet')
    .addOption(hops(3))
    .addOption(formatOption(['txt', 'json']))
    .addOption(outputOption())
    .action(async (paths: string[], opts: { from: string; hops?: number; format: 'txt' | 'json'; output?: string } & AnalysisFlags & InputFlags) => {
      const { runPaths } = await import('./commands/paths.js');
      setExitCode(runPaths('blast-radius', paths, { ...opts, k: opts.hops }, io));
    });

  const reachGranularity = () => new Option('--granularity <level>', 'rows per pod or per workload').choices(['pod', 'workload']).default('workload');
  const reachPort = () => new Option('--port <port>', 'only rows that allow this port, optionally with protocol: 80, 53/UDP').argParser(portArgument);
  for (const [name, direction, flag, description] of [
    ['who-can-reach', 'to', '--to <endpoint>', 'list the pods or workloads, external blocks and ingress controller that can reach an endpoint, with ports'],
    ['reachable-from', 'from', '--from <endpoint>', 'list the pods or workloads and external blocks an endpoint can reach, with ports'],
  ] as const) {
    withSharedFlags(program.command(name))
      .description(description)
      .argument('<paths...>', 'manifest files or folders')
      .requiredOption(flag, direction === 'to' ? 'target: ns/pod, ns/workload, ns/name[Kind] or a namespace' : 'source: ns/pod, ns/workload, ns/name[Kind], a namespace or {ingress-controller}')
      .addOption(reachPort())
      .addOption(reachGranularity())
      .addOption(formatOption(REACH_FORMATS))
      .addOption(addressesOption())
      .addOption(outputOption())
      .action(async (paths: string[], opts: { to?: string; from?: string; granularity: ReachGranularity; port?: PortArgument; format: ReachFormat; output?: string } & AnalysisFlags & InputFlags) => {
        const { runReach } = await import('./commands/reach.js');
        setExitCode(runReach(direction, paths, (direction === 'to' ? opts.to : opts.from) ?? '', opts, io));
      });
  }

  return program;
}

/** Runs `policyscope` with the arguments after the program name; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the help or the error already.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_INPUT_ERROR;
  }
}
