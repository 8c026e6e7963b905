export { runCli } from './cli.ts';
export { formatReport, runConformance, type CheckResult, type ConformanceOptions, type ConformanceReport } from './runner.ts';
export { startStandInBroker, type RecordedCall, type StandInBroker } from './stand-in-broker.ts';
