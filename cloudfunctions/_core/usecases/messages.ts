import * as z from 'zod';
import { assert, findById, notify, pages, query, sha256Hex, type ActionContext } from '#runtime';
import type { MessageListInput, MessageListOutput, MessageSendInput, MessageSendOutput } from '#schemas/dossier';
import { authorize, COURT_ROLES } from './access';
import { partyMembers } from './service';

interface MessageRecord {
  _id: string;
  caseId: string;
  from: string;
  fromRole: string;
  fromName: string;
  text: string;
  at: Date;
  /** The call that wrote it: a retry finds its message by its id, which follows from the call, and is answered from it. */
  requestId?: string;
}

/** 联系法官: a message between the parties (or their lawyers) and the panel, after WeChat's content check. */
export async function sendMessage(input: z.output<typeof MessageSendInput>, ctx: ActionContext): Promise<MessageSendOutput> {
  const { record, roles } = await authorize(ctx, input.caseId, 'message.send');
  const check = (await ctx.cloud.openapi.security.msgSecCheck({ content: input.text, version: 2, scene: 1, openid: ctx.caller.openid })) as {
    result?: { suggest?: string };
  };
  assert(check.result?.suggest !== 'risky', 'INVALID_INPUT', '留言内容含有不当信息，请修改后再发送');
  const court = roles.some((r) => COURT_ROLES.includes(r));
  const fromName = court
    ? record.panel?.presiding.openid === ctx.caller.openid
      ? record.panel.presiding.name
      : (record.panel?.clerk?.name ?? '承办法官')
    : (ctx.caller.user?.name ?? '当事人');
  // The id follows from the call (case, caller, requestId), so the message is its own commit: one
  // insert, and a retry collides on it and is answered from it, nothing sent twice.
  const messageId = `${record._id}:${sha256Hex(`${ctx.caller.openid}\n${ctx.requestId ?? ''}`).slice(0, 24)}`;
  const message: MessageRecord = {
    _id: messageId,
    caseId: record._id,
    from: ctx.caller.openid,
    fromRole: roles[0] ?? 'member',
    fromName,
    text: input.text,
    at: ctx.now,
    requestId: ctx.requestId,
  };
  if (!(await ctx.insertOne('messages', message))) {
    const first = await findById<MessageRecord>(ctx.db, 'messages', messageId);
    assert(first, 'CONFLICT');
    return { messageId, at: first.at.toISOString() };
  }
  const result = { messageId, at: ctx.now.toISOString() };
  const recipients = court
    ? partyMembers(record, ctx.now).map((m) => m.openid)
    : record.members.filter((m) => COURT_ROLES.includes(m.role)).map((m) => m.openid);
  await notify(
    ctx,
    [...new Set(recipients)].map((openid) => ({
      template: 'MC_TPL_CASE_PROGRESS',
      touser: openid,
      page: pages.messages(record._id),
      values: { caseNumber: record.caseNumber, progress: `新留言：${input.text}` },
    })),
  );
  return result;
}

/** The case's messages, newest first. */
export async function listMessages(input: z.output<typeof MessageListInput>, ctx: ActionContext): Promise<MessageListOutput> {
  await authorize(ctx, input.caseId, 'message.read');
  const messages = await query<MessageRecord>(
    ctx.db
      .collection('messages')
      .where({ caseId: input.caseId })
      .orderBy('at', 'desc')
      .orderBy('_id', 'desc')
      .skip(input.page * input.pageSize)
      .limit(input.pageSize + 1),
  );
  return {
    items: messages
      .slice(0, input.pageSize)
      .map((m) => ({ messageId: m._id, fromRole: m.fromRole, fromName: m.fromName, mine: m.from === ctx.caller.openid, text: m.text, at: m.at.toISOString() })),
    hasMore: messages.length > input.pageSize,
  };
}
