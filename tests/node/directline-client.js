// Drives the official botframework-directlinejs client against our host, as Web Chat does, and prints what it saw.
// Usage: node directline-client.js '<json options>'
//   options: { domain, token, conversationId?, watermark?, webSocket (bool), messages: [{ text, replies }], expectBefore? }
//   expectBefore: how many activities must arrive (missed while away) before the first message is sent.
// Output (stdout, one JSON line): { conversationId, token, watermark, activities: [{ id, role, text, replyToId }] }
'use strict';

global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const options = JSON.parse(process.argv[2]);
const deadline = setTimeout(() => fail(`timed out; saw ${JSON.stringify(seen)}`), options.timeoutMs || 60000);
const seen = [];
let waiter = null;

function fail(message) {
  process.stderr.write(`directline-client: ${message}\n`);
  process.exit(1);
}

function waitFor(predicate) {
  return new Promise(resolve => {
    const check = () => {
      if (predicate()) {
        waiter = null;
        resolve();
      }
    };
    waiter = check;
    check();
  });
}

async function main() {
  const directLine = new DirectLine({
    domain: options.domain,
    token: options.token,
    conversationId: options.conversationId,
    watermark: options.watermark,
    webSocket: options.webSocket,
    pollingInterval: 200
  });
  let online = false;
  directLine.connectionStatus$.subscribe(status => {
    if (status === ConnectionStatus.Online) online = true;
    if (status === ConnectionStatus.FailedToConnect || status === ConnectionStatus.ExpiredToken) fail(`connection status ${status}`);
  });
  directLine.activity$.subscribe(
    activity => {
      if (seen.some(a => a.id === activity.id)) fail(`activity ${activity.id} arrived twice`);
      seen.push({ id: activity.id, role: activity.from && activity.from.role, text: activity.text || null, replyToId: activity.replyToId || null, type: activity.type });
      if (waiter) waiter();
    },
    error => fail(`activity stream failed: ${error && error.message}`));

  // Posting (checkConnection) starts the connection; with nothing to send, wait for what was missed first.
  if (options.expectBefore) {
    await waitFor(() => seen.length >= options.expectBefore);
  }

  for (const message of options.messages || []) {
    const id = await new Promise((resolve, reject) =>
      directLine.postActivity({ type: 'message', from: { id: 'node-user', name: 'Node user' }, text: message.text, channelData: { clientActivityID: `node-${Date.now()}-${Math.random()}` } })
        .subscribe(resolve, reject));
    await waitFor(() => seen.some(a => a.id === id) && seen.filter(a => a.role === 'bot' && a.replyToId === id).length >= message.replies);
  }

  if (!online) fail('never came online');
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify({ conversationId: directLine.conversationId, token: directLine.token, watermark: directLine.watermark, activities: seen }) + '\n');
  directLine.end();
  process.exit(0);
}

main().catch(error => fail(error && (error.stack || error.message || String(error))));
