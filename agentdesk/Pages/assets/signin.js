// Sign-in: email and password to POST /api/desk/session; then to the page for the user's role.
import { api, ApiError, homeFor } from './common.js';

const form = document.getElementById('signin');
const error = document.getElementById('error');
const email = document.getElementById('email');
const password = document.getElementById('password');
const submit = form.querySelector('button[type="submit"]');

function showError(message) {
  error.textContent = message;
  error.hidden = false;
}

form.addEventListener('submit', async event => {
  event.preventDefault();
  error.hidden = true;
  if (!email.value.trim() || !password.value) {
    showError('Enter your email and password.');
    (email.value.trim() ? password : email).focus();
    return;
  }
  submit.disabled = true;
  try {
    const who = await api('/api/desk/session', {
      method: 'POST',
      body: { email: email.value.trim(), password: password.value },
      stayOn401: true
    });
    window.location.assign(homeFor(who));
  } catch (failure) {
    showError(failure instanceof ApiError ? failure.message : 'The desk could not be reached. Try again in a moment.');
    password.value = '';
    password.focus();
  } finally {
    submit.disabled = false;
  }
});

// The form is ours now: the page's button waited for this.
submit.disabled = false;

// Already signed in (e.g. a second tab): straight to work. Otherwise the email box gets the focus, unless the user
// has already started typing somewhere: the answer can come after they moved on to the password, and taking the
// focus then sent the rest of their typing into the email box.
api('/api/desk/session', { stayOn401: true })
  .then(who => window.location.replace(homeFor(who)))
  .catch(() => {
    if (!form.contains(document.activeElement)) {
      email.focus();
    }
  });
