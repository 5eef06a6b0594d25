// Progressive enhancement only: every page works without this file.
import { initAll } from './govuk-frontend.js';

initAll();

// GOV.UK timeout warning: a dialog two minutes before an idle session ends.
const timeout = document.getElementById('app-timeout');
if (timeout) {
  const idle = Number(timeout.dataset.idleSeconds) * 1000;
  const warn = Number(timeout.dataset.warnSeconds) * 1000;
  const dialog = timeout.querySelector('dialog');
  let warnTimer;
  let endTimer;
  const schedule = () => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(
      () => {
        timeout.hidden = false;
        dialog.showModal();
      },
      Math.max(idle - warn, 0),
    );
    // Time is up: sign out by posting the dialog's form (a GET never signs anyone out).
    endTimer = setTimeout(() => {
      const form = timeout.querySelector('form[data-timeout-sign-out]');
      form.elements.timeout.value = '1';
      form.submit();
    }, idle);
  };
  timeout.querySelector('[data-timeout-continue]').addEventListener('click', async () => {
    const token = document.querySelector('input[name="_csrf"]')?.value ?? timeout.dataset.csrf;
    await fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'x-csrf-token': token ?? '' },
      credentials: 'same-origin',
    });
    dialog.close();
    timeout.hidden = true;
    schedule();
  });
  schedule();
}
