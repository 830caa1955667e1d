/**
 * Runs the TypeScript compiler (with the project's tsconfig options) over a few
 * files, real or virtual, and returns the diagnostics as text. Lets a mocha
 * test fail on a type error even though tsx strips types without checking.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function projectOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT).options;
}

/** Diagnostics of `files` (absolute paths); `virtual` maps extra absolute paths to their source. */
export function typeCheck(files: string[], virtual: Record<string, string> = {}): string[] {
  const options = { ...projectOptions(), noEmit: true };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (p) => p in virtual || fileExists.call(host, p);
  host.readFile = (p) => virtual[p] ?? readFile.call(host, p);
  host.getSourceFile = (p, lang, ...rest) =>
    p in virtual ? ts.createSourceFile(p, virtual[p]!, lang) : getSourceFile.call(host, p, lang, ...rest);
  const program = ts.createProgram([...files, ...Object.keys(virtual)], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
