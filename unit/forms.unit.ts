// Unit: an app's forms as a user meets them (lib/porting/forms.ts): what each form is for, what a user
// types into it, the account a run makes, and the pages a logged-in user passes by.
import { expect, test } from '@playwright/test';
import { newAccount, roleOf, valueFor, withoutLogOut, type PageForm } from '../lib/porting/forms.js';

const form = (page: string, fields: [string, string][]): PageForm => ({
  page,
  index: 0,
  method: 'post',
  action: page,
  fields: fields.map(([name, type]) => ({ name, type })),
});

test('a password makes an account form: two of them, or a registration word, a registration', () => {
  expect(
    roleOf(
      form('/auth/register', [
        ['username', 'text'],
        ['password', 'password'],
      ]),
    ),
  ).toBe('register');
  expect(
    roleOf(
      form('/join', [
        ['n', 'text'],
        ['p', 'password'],
        ['p2', 'password'],
      ]),
    ),
  ).toBe('register');
  expect(
    roleOf(
      form('/signin', [
        ['n', 'text'],
        ['p', 'password'],
      ]),
    ),
  ).toBe('login');
  expect(
    roleOf(
      form('/notes/new', [
        ['title', 'text'],
        ['body', 'textarea'],
      ]),
    ),
  ).toBe('content');
  expect(roleOf(form('/logout', [['csrf', 'hidden']]))).toBe('other');
});

test("a run's account is its own, its password made now; the log-out pages are left out of a visit", () => {
  const a = newAccount('ab12');
  expect(a.username).toBe('httptestab12');
  expect(a.email).toBe('httptestab12@example.test');
  expect(a.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(newAccount('ab12').password).not.toBe(a.password);
  expect(valueFor({ name: 'password', type: 'password' }, 'login', a, 'm')).toBe(a.password);
  expect(withoutLogOut(['/', '/logout', '/auth/log-out', '/sign_out', '/login', '/catalogue'])).toEqual([
    '/',
    '/login',
    '/catalogue',
  ]);
});
