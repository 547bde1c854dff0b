// Unit: Werkzeug's interactive debugger as this suite reads it (lib/clients/werkzeug-debugger.ts): the page's
// secret, the PIN logged at start, the cookie pinauth sets, the console's output, and the requests' paths.
import { expect, test } from '@playwright/test';
import {
  debuggerPaths,
  evaluationOutput,
  pidExpression,
  pinCookieOf,
  pinFromLog,
  secretOf,
} from '../lib/clients/werkzeug-debugger.js';

test("the console page's SECRET is read where the debugger rendered the page, and only there", () => {
  const page =
    '<script>\n  var CONSOLE_MODE = true,\n      EVALEX = true,\n      EVALEX_TRUSTED = false,\n      SECRET = "Xb7QmZ0pLk2v3Rt9";\n</script>';
  expect(secretOf(page)).toBe('Xb7QmZ0pLk2v3Rt9');
  expect(secretOf('<h1>Not Found</h1>')).toBeUndefined();
  expect(secretOf('SECRET = ""')).toBeUndefined();
});

test('the PIN is the last one the log shows: a reloaded server logs a new one', () => {
  const log = [
    ' * Debugger is active!',
    ' * Debugger PIN: 123-456-789',
    ' * Detected change in /srv/app/app.py, reloading',
    ' * Debugger PIN: 987-654-321',
  ].join('\n');
  expect(pinFromLog(log)).toBe('987-654-321');
  expect(pinFromLog(' * Running on http://0.0.0.0:8000\n')).toBeUndefined();
});

test("pinauth's cookie is the __wzd one, as a name=value pair without its attributes", () => {
  const cookie = '__wzd0a1b2c3d4e5f6a7b8c9d=1764619800|1f2e3d4c5b6a; HttpOnly; Path=/; SameSite=Strict';
  expect(pinCookieOf([`session=abc; Path=/`, cookie])).toBe('__wzd0a1b2c3d4e5f6a7b8c9d=1764619800|1f2e3d4c5b6a');
  expect(pinCookieOf(cookie)).toBe('__wzd0a1b2c3d4e5f6a7b8c9d=1764619800|1f2e3d4c5b6a');
  expect(pinCookieOf(['session=abc; Path=/'])).toBeUndefined();
  expect(pinCookieOf(undefined)).toBeUndefined();
});

test("the console's output is what it printed after echoing the expression, HTML stripped and unescaped", () => {
  expect(evaluationOutput('>>> __import__(&#39;os&#39;).getpid()\n<span class="number">4242</span>\n')).toBe('4242');
  expect(evaluationOutput(">>> 'a' + '<b>'\n<span class=\"string\">&#39;a&lt;b&gt;&#39;</span>")).toBe("'a<b>'");
  expect(evaluationOutput('>>> x\n&quot;q&quot; &#34;r&#34; &amp;')).toBe('"q" "r" &');
});

test("an answer that is not the console's (the app's own page, a 404) has no output", () => {
  expect(evaluationOutput('<!doctype html><title>404 Not Found</title>')).toBeUndefined();
  expect(evaluationOutput('')).toBeUndefined();
});

test("the debugger's requests carry its marker, the secret, and the PIN or expression URL-encoded", () => {
  expect(debuggerPaths.console).toBe('/console');
  expect(debuggerPaths.resource('debugger.js')).toBe('/?__debugger__=yes&cmd=resource&f=debugger.js');
  expect(debuggerPaths.pinAuth('s3cr&t', '123-456-789')).toBe(
    '/console?__debugger__=yes&cmd=pinauth&pin=123-456-789&s=s3cr%26t',
  );
  expect(debuggerPaths.command('abc', pidExpression)).toBe(
    "/console?__debugger__=yes&cmd=__import__('os').getpid()&frm=0&s=abc",
  );
  expect(debuggerPaths.command('abc', '1 + 1')).toBe('/console?__debugger__=yes&cmd=1%20%2B%201&frm=0&s=abc');
});
