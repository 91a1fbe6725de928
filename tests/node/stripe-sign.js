// Signs a Stripe webhook payload with npm stripe's own test helper, so our verification is checked against Stripe's
// library. Usage: node stripe-sign.js '{"payload": "...", "secret": "whsec_...", "timestamp": 1700000000}'
// (timestamp optional: now). Prints {"header": "t=...,v1=..."}.
'use strict';

const Stripe = require('stripe');

const input = JSON.parse(process.argv[2] || '{}');
if (typeof input.payload !== 'string' || !input.secret) {
  process.stderr.write('Expected a JSON argument with payload (a string) and secret.\n');
  process.exit(2);
}

const stripe = new Stripe('sk_test_signing_only');
const options = { payload: input.payload, secret: input.secret };
if (input.timestamp) {
  options.timestamp = input.timestamp;
}

const header = stripe.webhooks.generateTestHeaderString(options);
process.stdout.write(JSON.stringify({ header }));
