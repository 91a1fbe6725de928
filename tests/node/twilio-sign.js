// Signs a Twilio webhook with npm twilio's own functions, so our validator is checked against Twilio's library and
// not only against our reading of the documentation.
// Usage: node twilio-sign.js '{"authToken": "...", "url": "https://host/path", "params": {"Body": "hi", ...}}'
// Prints {"signature": "...", "validatesItself": true}.
'use strict';

const twilio = require('twilio');

const input = JSON.parse(process.argv[2] || '{}');
if (!input.authToken || !input.url || !input.params) {
  process.stderr.write('Expected a JSON argument with authToken, url and params.\n');
  process.exit(2);
}

const signature = twilio.getExpectedTwilioSignature(input.authToken, input.url, input.params);
const validatesItself = twilio.validateRequest(input.authToken, signature, input.url, input.params);
process.stdout.write(JSON.stringify({ signature, validatesItself }));
