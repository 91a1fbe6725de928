// The agent desk: the hub connection (the session cookie; reconnects by itself and then catches up on what it
// missed), the agent's status, the live queue and the conversations the agent holds.
import { api, hubMessage, mountHeader, notify, requireSession, toSignIn, words } from './common.js';
import { Queue } from './agent-queue.js';
import { Conversations } from './agent-conversations.js';
import { Requests, approvalText, wireTerms } from './agent-terms.js';

const who = await requireSession(['Agent', 'Supervisor']);
mountHeader(who, '/desk');

const signalR = window.signalR;
const connectionBadge = document.getElementById('connection');
const retryDelays = [0, 2000, 5000, 10000];

const connection = new signalR.HubConnectionBuilder()
  .withUrl('/hubs/desk')
  .withAutomaticReconnect({
    // Keep trying while the network is away; stop when the session itself has ended.
    nextRetryDelayInMilliseconds: context =>
      /\b401\b|Unauthorized/.test(String(context.retryReason)) ? null : (retryDelays[context.previousRetryCount] ?? 15000)
  })
  .configureLogging(signalR.LogLevel.Warning)
  .build();

const hub = {
  async call(method, ...args) {
    try {
      return await connection.invoke(method, ...args);
    } catch (error) {
      throw new Error(hubMessage(error));
    }
  }
};

const conversations = new Conversations(hub);
const requests = new Requests(() => conversations.render());
conversations.requests = requests;
wireTerms(conversations, hub, requests);
const queue = new Queue(claim);
let status = 'available';

async function claim(item, button) {
  button.disabled = true;
  try {
    const result = await hub.call('Claim', item.conversationId);
    if (!result.claimed) {
      queue.markLost(item.conversationId, result.heldBy);
      notify(`Not claimed: ${item.debtorName || 'this conversation'} is held by ${result.heldBy}.`, 'info');
      return;
    }
    queue.remove(item.conversationId);
    await conversations.add(item.conversationId, result.transcript);
    conversations.select(item.conversationId);
  } catch (error) {
    notify(error.message);
  } finally {
    button.disabled = false;
  }
}

// A released conversation comes back here too (the push arrives before the Release call returns).
connection.on('Waiting', item => queue.upsert(item));
connection.on('Taken', conversationId => queue.remove(conversationId));
connection.on('DebtorMessage', message => conversations.receive(message));
connection.on('Transferred', async (conversationId, fromAgentName) => {
  try {
    await conversations.add(conversationId);
    notify(`${fromAgentName} transferred a conversation to you.`, 'info');
  } catch (error) {
    notify(error.message);
  }
});

// Automatic assignment: the desk gave this agent a conversation; it is theirs now, as if claimed.
connection.on('Assigned', async item => {
  queue.remove(item.conversationId);
  try {
    await conversations.add(item.conversationId);
    conversations.select(item.conversationId);
    notify(`The desk assigned you ${item.debtorName || 'a conversation'} (${words(item.reason)}).`, 'info');
  } catch (error) {
    notify(error.message);
  }
});
connection.on('DebtorTyping', conversationId => conversations.debtorTyping(conversationId));
// A supervisor using this page gets approvals and watched messages on the supervisor's page instead.
for (const name of ['ApprovalRequested', 'Watched']) {
  connection.on(name, () => {});
}

// A supervisor decided on one of this agent's requests (or it was withdrawn): shown on the conversation and in the list.
connection.on('ApprovalDecided', async approval => {
  requests.upsert(approval);
  if (approval.status === 'withdrawn' && !conversations.has(approval.conversationId)) {
    return;
  }
  // On the open conversation the status line says it; for another one, a notice does.
  if (approval.status !== 'withdrawn' && conversations.selected !== approval.conversationId) {
    notify(`${approval.debtorName || 'A conversation'}: ${approvalText(approval)}`, approval.status === 'rejected' ? 'error' : 'info');
  }
  if (approval.status === 'approved' && conversations.has(approval.conversationId)) {
    conversations.follow = true;
    try {
      await conversations.refresh(approval.conversationId);
    } catch (error) {
      notify(error.message);
    }
  }
});

function showConnection(text, bad) {
  connectionBadge.textContent = text;
  connectionBadge.classList.toggle('bad', bad);
}

/** What the desk looks like now: the queue, my status, my conversations and what I missed in them. */
async function catchUp() {
  await hub.call('SetStatus', status);
  queue.replace(await hub.call('GetQueue'));
  requests.replace(await hub.call('GetApprovals'));
  await conversations.resync(await hub.call('GetMine'));
}

connection.onreconnecting(() => showConnection('Reconnecting…', true));
connection.onreconnected(async () => {
  showConnection('Connected', false);
  try {
    await catchUp();
  } catch (error) {
    notify(error.message);
  }
});
connection.onclose(async () => {
  showConnection('Disconnected', true);
  // A session that ended sends the user to sign in; otherwise offer to connect again.
  await api('/api/desk/session').catch(() => {});
  const notice = notify('The connection to the desk was lost.');
  const again = document.createElement('button');
  again.type = 'button';
  again.textContent = 'Reconnect';
  again.addEventListener('click', () => {
    notice.remove();
    start();
  });
  notice.insertBefore(again, notice.lastChild);
});

async function start() {
  showConnection('Connecting…', false);
  try {
    await connection.start();
  } catch (error) {
    if (/\b401\b|Unauthorized/.test(String(error))) {
      toSignIn();
      return;
    }
    showConnection('Disconnected', true);
    notify(`Could not connect to the desk: ${hubMessage(error)}`);
    return;
  }
  showConnection('Connected', false);
  try {
    await catchUp();
  } catch (error) {
    notify(error.message);
  }
}

for (const [id, value] of [['status-available', 'available'], ['status-away', 'away']]) {
  document.getElementById(id).addEventListener('click', async () => {
    try {
      await hub.call('SetStatus', value);
      status = value;
      document.getElementById('status-available').setAttribute('aria-pressed', String(value === 'available'));
      document.getElementById('status-away').setAttribute('aria-pressed', String(value === 'away'));
    } catch (error) {
      notify(error.message);
    }
  });
}

start();
