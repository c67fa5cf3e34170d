/**
 * The court's notices as HTML documents for the e-dossier: plain, printable, and rendered
 * from the case record alone, so a notice can always be rebuilt and re-checked.
 */
import { formatYuan } from './money';

export interface NoticeCase {
  caseNumber: string;
  courtName: string;
  cause: string;
  filedOn: string;
  parties: { role: string; name: string }[];
  fee: { feeFen: number; dueOn: string; basis: string[] };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, courtName: string, caseNumber: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:"SimSun","Songti SC",serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.8}h1{text-align:center;font-size:1.4em}h2{text-align:center;font-size:1.1em;font-weight:normal}p{text-indent:2em}.sign{text-align:right}</style></head>
<body><h1>${escape(courtName)}</h1><h2>${escape(title)}</h2><p class="sign">${escape(caseNumber)}</p>${body}</body></html>
`;
}

const plaintiffs = (c: Pick<NoticeCase, 'parties'>) =>
  c.parties
    .filter((p) => p.role === 'plaintiff')
    .map((p) => escape(p.name))
    .join('、');
const defendants = (c: Pick<NoticeCase, 'parties'>) =>
  c.parties
    .filter((p) => p.role === 'defendant')
    .map((p) => escape(p.name))
    .join('、');

/** 受理案件通知书 (民事诉讼法 第一百二十六条), with the QR code for the public case query. */
export function acceptanceNotice(c: NoticeCase, qrPngBase64?: string): string {
  return page(
    '受理案件通知书',
    c.courtName,
    c.caseNumber,
    `<p>${plaintiffs(c)}：</p><p>你（你们）诉${defendants(c)}${escape(c.cause)}一案，本院经审查，起诉符合法定受理条件，决定立案审理。本院于${escape(c.filedOn)}立案，案号为${escape(c.caseNumber)}。</p>` +
      `<p>请按交纳诉讼费用通知书的要求预交案件受理费；可通过微法院小程序查看案件进度、阅卷及接收电子送达的文书。</p>` +
      (qrPngBase64
        ? `<p style="text-indent:0;text-align:center"><img alt="案件查询二维码" width="160" height="160" src="data:image/png;base64,${qrPngBase64}"><br>扫码查询案件进度</p>`
        : '') +
      `<p class="sign">${escape(c.courtName)}<br>${escape(c.filedOn)}</p>`,
  );
}

/** 交纳诉讼费用通知书 (诉讼费用交纳办法 第二十二条). */
export function feeNotice(c: NoticeCase): string {
  return page(
    '交纳诉讼费用通知书',
    c.courtName,
    c.caseNumber,
    `<p>${plaintiffs(c)}：</p><p>你（你们）诉${defendants(c)}${escape(c.cause)}一案，依照${c.fee.basis.map(escape).join('、')}的规定，应预交案件受理费人民币${formatYuan(c.fee.feeFen)}元。</p>` +
      `<p>请于${escape(c.fee.dueOn)}前通过微法院小程序缴纳。期满未交纳又未提出司法救助申请的，本院将依法按撤诉处理。</p><p class="sign">${escape(c.courtName)}<br>${escape(c.filedOn)}</p>`,
  );
}

/** 传票 for a hearing. */
export function hearingSummons(c: NoticeCase, hearing: { startsAt: string; place: string; reason?: string | undefined }): string {
  return page(
    '传票',
    c.courtName,
    c.caseNumber,
    `<p>案由：${escape(c.cause)}</p><p>应到时间：${escape(hearing.startsAt)}</p><p>应到处所：${escape(hearing.place)}</p>` +
      (hearing.reason ? `<p>原定开庭时间变更，理由：${escape(hearing.reason)}。以本传票所载时间为准。</p>` : '') +
      `<p>请准时到庭（在线庭审请提前十五分钟进入微法院完成人脸识别）。无正当理由拒不到庭的，依法按撤诉处理或者缺席判决。</p><p class="sign">${escape(c.courtName)}</p>`,
  );
}

/** 撤销开庭通知书: the hearing set for a time will not sit; a new summons follows if it is set again. */
export function hearingCancellation(c: NoticeCase, hearing: { startsAt: string; place: string; reason?: string | undefined }): string {
  return page(
    '撤销开庭通知书',
    c.courtName,
    c.caseNumber,
    `<p>案由：${escape(c.cause)}</p><p>本院原定于 ${escape(hearing.startsAt)} 在 ${escape(hearing.place)} 开庭审理本案，现决定撤销该次开庭。</p>` +
      `<p>理由：${escape(hearing.reason ?? '')}</p><p>重新开庭的时间另行传唤。</p><p class="sign">${escape(c.courtName)}</p>`,
  );
}

/** 送达回证: which document reached whom, how, and when service took effect (民诉法 第九十条). */
export function serviceProof(
  c: Pick<NoticeCase, 'courtName' | 'caseNumber'>,
  service: { title: string; recipientName: string; arrivedAt: string; servedAt: string; basis: string },
): string {
  return page(
    '送达回证',
    c.courtName,
    c.caseNumber,
    `<p>送达文书：${escape(service.title)}</p><p>受送达人：${escape(service.recipientName)}</p><p>送达方式：电子送达（微法院专用账户）</p>` +
      `<p>到达时间：${escape(service.arrivedAt)}</p><p>送达生效时间：${escape(service.servedAt)}</p><p>依据：${escape(service.basis)}</p><p class="sign">${escape(c.courtName)}</p>`,
  );
}

/**
 * 民事裁定书（不予受理）: the reasons, the articles, the ruling, and the right to appeal within 10
 * days of service (民事诉讼法 第一百二十二条、第一百二十六条、第一百五十七条第一款第（一）项、第一百七十一条).
 */
export function refusalRuling(c: {
  courtName: string;
  cause: string;
  parties: { role: string; name: string }[];
  receivedOn: string;
  decidedOn: string;
  reasons: string;
}): string {
  const names = (role: string) =>
    c.parties
      .filter((p) => p.role === role)
      .map((p) => escape(p.name))
      .join('、');
  return page(
    '民事裁定书',
    c.courtName,
    '',
    `<p>起诉人：${names('plaintiff')}</p><p>被起诉人：${names('defendant')}</p>` +
      `<p>${names('plaintiff')}诉${names('defendant')}${escape(c.cause)}一案，本院于${escape(c.receivedOn)}收到起诉材料。经审查，${escape(c.reasons)}</p>` +
      `<p>依照《中华人民共和国民事诉讼法》第一百二十二条、第一百二十六条、第一百五十七条第一款第（一）项的规定，裁定如下：</p>` +
      `<p>对${names('plaintiff')}的起诉，本院不予受理。</p>` +
      `<p>如不服本裁定，可以在裁定书送达之日起十日内，向本院递交上诉状，并按照对方当事人的人数提出副本，上诉于上一级人民法院。</p>` +
      `<p class="sign">${escape(c.courtName)}<br>${escape(c.decidedOn)}</p>`,
  );
}

/**
 * 调解协议 of a pre-filing mediation, served through the platform (在线调解规则 第十九条): binding once every
 * party and the mediator signed; either party may apply with the other for its judicial confirmation within
 * 30 days of its effect (民事诉讼法 第二百零五条).
 */
export function mediationAgreement(c: { courtName: string; number: string; agreement: string; effectiveOn: string; confirmationDueOn: string }): string {
  return page(
    '调解协议',
    c.courtName,
    c.number,
    `<pre>${escape(c.agreement)}</pre><p>本协议经各方当事人和调解员签名，于${escape(c.effectiveOn)}生效。</p>` +
      `<p>双方当事人可以自本协议生效之日起三十日内（至${escape(c.confirmationDueOn)}）共同向人民法院申请司法确认（《中华人民共和国民事诉讼法》第二百零五条）。</p>`,
  );
}

/**
 * 民事调解书 (民事诉讼法 第一百条): the claim, the agreement the parties reached in the court's
 * mediation, and its effect on both parties' signed receipt; served on each party in person and
 * never left with one who refuses it (民诉法解释 第一百三十三条).
 */
export function mediationStatement(c: Pick<NoticeCase, 'caseNumber' | 'courtName' | 'cause' | 'parties'> & { agreement: string; issuedOn: string }): string {
  return page(
    '民事调解书',
    c.courtName,
    c.caseNumber,
    `<p>原告：${plaintiffs(c)}</p><p>被告：${defendants(c)}</p>` +
      `<p>原告诉被告${escape(c.cause)}一案，本院在审理过程中，经本院主持调解，当事人自愿达成如下协议：</p><pre>${escape(c.agreement)}</pre>` +
      `<p>上述协议，不违反法律规定，本院予以确认。</p><p>本调解书经双方当事人签收后，即具有法律效力。</p>` +
      `<p class="sign">${escape(c.courtName)}<br>${escape(c.issuedOn)}</p>`,
  );
}

/**
 * 民事裁定书（司法确认）: the joint application, the agreement's terms as signed, and the ruling: valid
 * and enforceable on refusal to perform (民事诉讼法 第二百零五条、第二百零六条), or rejected, the parties
 * then free to mediate again or sue (民诉法解释 第三百五十八条). Final on service (民事诉讼法 第一百八十五条).
 */
export function confirmationRuling(c: {
  courtName: string;
  caseNumber: string;
  parties: { role: string; name: string }[];
  agreement: string;
  valid: boolean;
  reason?: string;
  on: string;
}): string {
  const names = c.parties.map((p) => escape(p.name)).join('、');
  const ruling = c.valid
    ? `<p>申请人达成的调解协议有效。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。</p>`
    : `<p>驳回申请人的司法确认申请。理由：${escape(c.reason ?? '')}。依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百五十八条的规定，当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。</p>`;
  return page(
    '民事裁定书',
    c.courtName,
    c.caseNumber,
    `<p>申请人：${names}</p><p>申请人于调解协议生效之日起三十日内共同向本院申请司法确认。调解协议内容如下：</p><pre>${escape(c.agreement)}</pre>` +
      `<p>依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条的规定，裁定如下：</p>${ruling}<p>本裁定书自送达之日起发生法律效力。</p>` +
      `<p class="sign">${escape(c.courtName)}<br>${escape(c.on)}</p>`,
  );
}
