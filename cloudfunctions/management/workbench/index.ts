import { implement } from '#runtime';
import { sendReminders, workbench } from '#usecases/workbench';

/** 工作台: every case's deadlines for the judge, the unit and the registrar; daily, the deadline reminders a party or lawyer accepted. */
export const main = implement('workbench', workbench, sendReminders);
