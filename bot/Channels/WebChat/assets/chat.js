// The debtor chat page: gets a Direct Line token from our host (never the secret) and renders the official Web Chat.
(function () {
  'use strict';

  var status = document.getElementById('status');
  var root = document.getElementById('webchat');

  function fail(message) {
    status.textContent = message;
    status.className = 'status error';
    status.hidden = false;
    root.hidden = true;
  }

  if (!window.WebChat) {
    fail('The chat could not load. Please refresh the page.');
    return;
  }

  // A signed contact link (/c/{token}) identifies the contact; /chat is anonymous.
  var match = /^\/c\/([^/]+)$/.exec(window.location.pathname);
  var body = match ? { link: decodeURIComponent(match[1]) } : {};

  fetch('/api/webchat/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin'
  })
    .then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) {
          throw new Error((json && json.error && json.error.message) || 'The chat is not available right now.');
        }
        return json;
      });
    })
    .then(function (session) {
      var directLine = window.WebChat.createDirectLine({
        token: session.token,
        domain: window.location.origin + '/v3/directline'
      });
      status.hidden = true;
      root.hidden = false;
      window.WebChat.renderWebChat({
        directLine: directLine,
        locale: navigator.language || 'en-US',
        styleOptions: {
          accent: '#1f4e79',
          botAvatarInitials: 'AT',
          userAvatarInitials: 'You',
          bubbleBorderRadius: 10,
          bubbleFromUserBorderRadius: 10,
          bubbleFromUserBackground: '#e4edf6',
          hideUploadButton: true,
          sendBoxTextWrap: true,
          primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
        }
      }, root);
      var input = root.querySelector('input, textarea');
      if (input) {
        input.focus();
      }
    })
    .catch(function (error) {
      fail(error && error.message ? error.message : 'The chat is not available right now.');
    });
})();
