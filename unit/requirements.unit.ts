// Unit: the user app's requirements (lib/porting/requirements.ts): requirement lines read, names normalised,
// each mapped to the Debian package that provides it, and a pin Debian cannot meet exactly turned into a warning.
import { expect, test } from '@playwright/test';
import { AppTargetError } from '../lib/porting/target.js';
import {
  alreadyInstalled,
  debianPackageFor,
  normalise,
  pinWarning,
  pyprojectDependencies,
  type Requirement,
  requirementsTxt,
  upstreamVersion,
} from '../lib/porting/requirements.js';

test('requirement names are PEP 503 normalised: lower case, each run of - _ . one "-"', () => {
  expect(normalise('Flask_SQLAlchemy')).toBe('flask-sqlalchemy');
  expect(normalise('zope.interface')).toBe('zope-interface');
  expect(normalise('Python--_.dotenv')).toBe('python-dotenv');
});

test('requirements.txt lines give name and specifier, without extras, markers and comments, each with its line', () => {
  const text = [
    '# the app',
    'Flask==3.1.1',
    '',
    'requests[socks] >= 2.31  # for the API',
    'PyYAML; python_version >= "3.8"',
  ].join('\n');
  expect(requirementsTxt(text)).toEqual([
    { line: 'Flask==3.1.1', name: 'flask', specifier: '==3.1.1', source: 'requirements.txt line 2' },
    { line: 'requests[socks] >= 2.31', name: 'requests', specifier: '>= 2.31', source: 'requirements.txt line 4' },
    { line: 'PyYAML; python_version >= "3.8"', name: 'pyyaml', specifier: '', source: 'requirements.txt line 5' },
  ]);
});

test('a pip option or a line that is no requirement stops the run naming the line', () => {
  expect(() => requirementsTxt('flask\n-r base.txt\n')).toThrow(AppTargetError);
  expect(() => requirementsTxt('flask\n-r base.txt\n')).toThrow(
    'requirements.txt line 2: "-r base.txt" (a pip option) cannot be resolved to Debian packages: list plain requirements, one per line',
  );
  expect(() => requirementsTxt('==1.0')).toThrow(
    'requirements.txt line 1: "==1.0" is not a requirement: write name[==version], one per line',
  );
});

test("pyproject.toml's [project] dependencies are read; other tables' arrays are not", () => {
  const toml = [
    '[build-system]',
    'requires = ["setuptools>=61"]',
    '[project]',
    'name = "shop"',
    'dependencies = [',
    '  "Flask>=3.0",',
    "  'SQLAlchemy==2.0.30',",
    ']',
  ].join('\n');
  expect(pyprojectDependencies(toml).map((r) => [r.name, r.specifier, r.source])).toEqual([
    ['flask', '>=3.0', 'pyproject.toml [project] dependencies'],
    ['sqlalchemy', '==2.0.30', 'pyproject.toml [project] dependencies'],
  ]);
  expect(pyprojectDependencies('[tool.x]\ndependencies = ["a"]\n')).toEqual([]);
});

test("Debian's package for a requirement: python3-<name>, a python- prefix dropped, Debian's own names where they differ", () => {
  expect(debianPackageFor('requests')).toBe('python3-requests');
  expect(debianPackageFor('python-slugify')).toBe('python3-slugify');
  expect(debianPackageFor('pyyaml')).toBe('python3-yaml');
  expect(debianPackageFor('beautifulsoup4')).toBe('python3-bs4');
  expect(debianPackageFor('flask-wtf')).toBe('python3-flaskext.wtf');
  expect(debianPackageFor('python-dotenv')).toBe('python3-dotenv');
  expect(debianPackageFor('scikit-learn')).toBe('python3-sklearn');
});

test('what every app image has already is named by normalised names, Flask and Gunicorn among them', () => {
  expect(alreadyInstalled).toEqual(expect.arrayContaining(['flask', 'werkzeug', 'gunicorn', 'jinja2']));
  for (const name of alreadyInstalled) expect(normalise(name)).toBe(name);
});

test("a Debian version's upstream part: no epoch, no Debian revision, no +dfsg", () => {
  expect(upstreamVersion('2.2.2-1+deb12u1')).toBe('2.2.2');
  expect(upstreamVersion('1:3.0.1-2')).toBe('3.0.1');
  expect(upstreamVersion('2.31.0+dfsg-1')).toBe('2.31.0');
  expect(upstreamVersion('1.4.52.dfsg1-1')).toBe('1.4.52');
  expect(upstreamVersion('3.1.1')).toBe('3.1.1');
});

const requirement = (line: string, specifier: string): Requirement => ({
  line,
  name: 'flask',
  specifier,
  source: 'requirements.txt line 1',
});

test('a pin the version used does not meet is a warning naming both; a met pin, a longer patch or no pin is none', () => {
  expect(pinWarning(requirement('Flask==3.0.0', '==3.0.0'), '3.1.1', "Debian's python3-flask")).toBe(
    "requirement Flask==3.0.0 (requirements.txt line 1): using Debian's python3-flask 3.1.1, not 3.0.0",
  );
  expect(pinWarning(requirement('Flask==3.1.1', '==3.1.1'), '3.1.1', 'x')).toBeUndefined();
  expect(pinWarning(requirement('Flask==3.1', '==3.1'), '3.1.1', 'x')).toBeUndefined();
  expect(pinWarning(requirement('Flask==3.1', '==3.1'), '3.10.0', 'x')).toBe(
    'requirement Flask==3.1 (requirements.txt line 1): using x 3.10.0, not 3.1',
  );
  expect(pinWarning(requirement('Flask>=3.0', '>=3.0'), '2.2.2', 'x')).toBeUndefined();
  expect(pinWarning(requirement('Flask', ''), '2.2.2', 'x')).toBeUndefined();
});
