/**
 * An app's own HTML forms, as a user meets them: which is the registration form, which the login form, which
 * the forms that write content, and what a user types into each field. The porting check follows them in the
 * browser (specs/porting/user-journey.spec.ts) so that apps whose writes need an account (Flask's tutorial
 * app: register, log in, create a post) are reached at all; guessing JSON fields reaches none of them.
 */
import { randomBytes } from 'node:crypto';

export interface FormField {
  name: string;
  /** The input's type ("text", "password", "email", "hidden", "file", …), "textarea" or "select". */
  type: string;
  /** A file field's `accept` ("image/*", ".png,.jpg"), as written. */
  accept?: string;
  /** Its maxlength attribute, where it has one: the most a user can type into it. */
  maxLength?: number;
}

export interface PageForm {
  /** The page the form is on (a path of the app). */
  page: string;
  /** Its position among the page's forms. */
  index: number;
  method: string;
  /** The path it posts to (the page itself when it has no action). */
  action: string;
  fields: FormField[];
  /** Its action names another site: submitting it leaves the app. */
  external?: boolean;
}

export type FormRole = 'register' | 'login' | 'content' | 'other';

const registerWords = /regist|sign[-_ ]?up|join|create[-_ ]?account|new[-_ ]?user/i;
const loginWords = /log[-_ ]?in|sign[-_ ]?in|auth/i;

const typed = (form: PageForm) => form.fields.filter((f) => !['hidden', 'submit', 'button', 'reset'].includes(f.type));

/** What a form is for, from its fields and where it is: a password makes it an account form. */
export function roleOf(form: PageForm): FormRole {
  if (form.method.toLowerCase() !== 'post') return 'other';
  const where = `${form.page} ${form.action}`;
  const passwords = form.fields.filter((f) => f.type === 'password').length;
  if (passwords > 0) {
    if (passwords > 1 || registerWords.test(where)) return 'register';
    return loginWords.test(where) || !registerWords.test(where) ? 'login' : 'register';
  }
  // A form with a field a user types text into writes content; a lone button (log out, delete) does not.
  return typed(form).some((f) => ['text', 'textarea', 'search', ''].includes(f.type) || f.type === 'url')
    ? 'content'
    : 'other';
}

export interface Account {
  username: string;
  email: string;
  password: string;
}

/** A new account for this run, named by `id`: its password made now, never one written down. */
export function newAccount(id: string): Account {
  return {
    username: `httptest${id}`,
    email: `httptest${id}@example.test`,
    password: randomBytes(12).toString('base64url'),
  };
}

/** A log-out (sign-out) page: a logged-in user passing by it would end the session being used. */
export const logOutPath = /log[-_]?out|sign[-_]?out/i;

/** The paths a logged-in user visits: all but the log-out pages. */
export function withoutLogOut(paths: readonly string[]): string[] {
  return paths.filter((p) => !logOutPath.test(p));
}

/** What a user types into a field: the account's values in account forms, the marker in content forms. */
export function valueFor(field: FormField, role: FormRole, account: Account, marker: string): string | null {
  if (['hidden', 'submit', 'button', 'reset', 'file', 'checkbox', 'radio', 'select'].includes(field.type)) return null;
  if (field.type === 'password') return account.password;
  if (field.type === 'email' || /mail/i.test(field.name)) return account.email;
  if (role === 'register' || role === 'login') return account.username;
  if (field.type === 'number' || field.type === 'range') return '1';
  if (field.type === 'date') return '2026-01-01';
  if (field.type === 'url') return `https://example.test/${marker}`;
  return field.type === 'textarea' ? `${marker}: written through the app's own form` : marker;
}

/** Forms by role, each once (a form on several pages is the same form when it posts to the same place). */
export function formsByRole(forms: PageForm[]): Record<FormRole, PageForm[]> {
  const out: Record<FormRole, PageForm[]> = { register: [], login: [], content: [], other: [] };
  const seen = new Set<string>();
  for (const form of forms) {
    const key = `${form.method} ${form.action} ${form.fields.map((f) => f.name).join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out[roleOf(form)].push(form);
  }
  return out;
}

/** The forms a user uploads a file through: a POST with a file field, each once (as formsByRole). */
export function uploadForms(forms: PageForm[]): PageForm[] {
  const seen = new Set<string>();
  return forms.filter((form) => {
    if (form.method.toLowerCase() !== 'post' || !form.fields.some((f) => f.type === 'file')) return false;
    const key = `${form.action} ${form.fields.map((f) => f.name).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
