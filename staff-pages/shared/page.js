// What every staff page does the same way: build elements, report status and
// errors, and show its texts in the chosen language.

export const $ = (id) => document.getElementById(id);

/** An element with attributes (on… become listeners) and children (strings become text, never HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child.nodeType ? child : String(child));
  return node;
}

/** The polite status line and the error alert every page has. */
export const say = (text) => ($('status').textContent = text);
export const fail = (text) => ($('error').textContent = text);

/** Puts the page's fixed texts (elements with data-text) and its <html lang> in the chosen language. */
export function applyTexts(texts, lang) {
  document.documentElement.lang = lang;
  document.title = `${texts.title} – handoff broker`;
  for (const node of document.querySelectorAll('[data-text]')) {
    const text = texts[node.dataset.text];
    if (typeof text === 'string') node.textContent = text;
  }
  $('language').value = lang;
}

/**
 * Wires the controls every staff page has: the language menu (remembered per
 * page), sign in and sign out.
 */
export function wireControls(app, session, state, render) {
  $('language').addEventListener('change', (event) => {
    state.lang = event.target.value;
    localStorage.setItem(`${app}.lang`, state.lang);
    say('');
    render();
  });
  $('sign-in').addEventListener('click', () => session.signIn().catch((error) => fail(error.message)));
  $('sign-out').addEventListener('click', () => session.signOut());
}
