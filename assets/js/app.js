// Progressive enhancement only: every page works without this file.
import { createAll, ExitThisPage, initAll } from './govuk-frontend.js';

/**
 * "Exit this page" that leaves no way Back: govuk-frontend's component leaves with
 * `location.href = ...`, which keeps this page in the tab's history, so Back brings the service she
 * was reading up again. This one replaces the history entry instead. The same button, the same
 * Shift-three-times shortcut and the same overlay; without JavaScript the button is a plain link.
 */
class ExitThisPageReplacingHistory extends ExitThisPage {
  exitPage() {
    if (!this.$updateSpan) return;
    this.$updateSpan.textContent = '';
    document.body.classList.add('govuk-exit-this-page-hide-content');
    this.$overlay = document.createElement('div');
    this.$overlay.className = 'govuk-exit-this-page-overlay';
    this.$overlay.setAttribute('role', 'alert');
    this.$overlay.textContent = this.i18n.t('activated');
    document.body.appendChild(this.$overlay);
    window.location.replace(this.$button.href);
  }
}

createAll(ExitThisPageReplacingHistory);
// Every other component. Exit this page is already running above, so govuk-frontend's own start on
// it is refused as "already initialised": expected, and not worth a console message.
initAll({
  onError(error, context) {
    if (context?.component === ExitThisPage && error?.name === 'InitError') return;
    console.log(error);
  },
});

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

// A table's scroll region (src/platform/views/page-html.ts) is a tab stop only while it has
// something to scroll: on a wide screen the table fits and the extra stop would only get in the way.
const scrollers = document.querySelectorAll('.app-table-scroll');
const fitScrollers = () => {
  for (const region of scrollers) {
    if (region.scrollWidth > region.clientWidth) region.setAttribute('tabindex', '0');
    else region.removeAttribute('tabindex');
  }
};
if (scrollers.length) {
  fitScrollers();
  window.addEventListener('resize', fitScrollers);
}
