import type { CaseResult } from './check.ts';
import type { Report } from './runner.ts';

/**
 * JUnit XML for CI systems (Jenkins, GitLab, GitHub test reporters), in the common dialect they
 * all read:
 *
 *   <testsuites name="czemu" tests failures skipped time>
 *     <testsuite name="cpu" tests failures skipped time>
 *       <testcase classname="cpu" name="alu" time="0.012"/>
 *       <testcase ...><failure message="first reason" type="failure">reasons and diff</failure></testcase>
 *       <testcase ...><skipped message="reason"/></testcase>
 *
 * Times are in seconds. Transcripts may hold any byte; characters XML 1.0 forbids (most C0
 * controls) are written as \xNN so the file always parses.
 */

/** The report as a JUnit XML document (UTF-8, ending in a newline). */
export function junitXml(r: Report): string {
  const all = r.suites.flatMap((s) => s.results);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="czemu" ${counts(all)}>`);
  for (const s of r.suites) {
    out.push(`  <testsuite name="${attr(s.suite.name)}" ${counts(s.results)}>`);
    for (const c of s.results) out.push(...testcase(c));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function counts(results: readonly CaseResult[]): string {
  const failures = results.filter((c) => c.verdict === 'fail').length;
  const skipped = results.filter((c) => c.verdict === 'skip').length;
  const ms = results.reduce((t, c) => t + c.ms, 0);
  return `tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(ms)}"`;
}

function testcase(c: CaseResult): string[] {
  const head = `    <testcase classname="${attr(c.case.suite)}" name="${attr(c.case.name)}" time="${seconds(c.ms)}"`;
  if (c.verdict === 'pass') return [`${head}/>`];
  if (c.verdict === 'skip') return [`${head}>`, `      <skipped message="${attr(c.reasons[0] ?? '')}"/>`, '    </testcase>'];
  const body = [...c.reasons, ...(c.diff !== '' ? ['', c.diff] : [])].join('\n');
  return [
    `${head}>`,
    `      <failure message="${attr(c.reasons[0] ?? 'failed')}" type="failure">${text(body)}</failure>`,
    '    </testcase>',
  ];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot carry at all, even as references. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

function visible(s: string): string {
  return s.replace(FORBIDDEN, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Escapes element text. */
function text(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (quotes, and newlines kept as references so they survive). */
function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
