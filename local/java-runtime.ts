import { spawnSync } from 'node:child_process';

const requiredMajor = 17;

/**
 * DynamoDB Local is a Java program. Checks for a Java 17+ runtime up front so
 * a newcomer gets one clear sentence instead of a stack trace.
 */
export function assertJavaRuntime(command = 'java'): void {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8' });
  const advice =
    `DynamoDB Local needs a Java ${requiredMajor}+ runtime on the PATH. Install one, e.g.\n` +
    '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
    '  macOS:         brew install openjdk@17\n' +
    'then run npm start again.';
  if (probe.error || probe.status !== 0) throw new Error(`no Java runtime found (${probe.error?.message ?? 'java -version failed'}).\n${advice}`);
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${probe.stderr}${probe.stdout}`);
  const major = version ? (version[1] === '1' ? Number(version[2]) : Number(version[1])) : NaN;
  if (!(major >= requiredMajor)) throw new Error(`found Java ${Number.isNaN(major) ? '(unknown version)' : major}, too old.\n${advice}`);
}
