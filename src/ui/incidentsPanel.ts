/**
 * The incidents panel (issue 12): incidents from the operations server listed by stage (reported → … → closed), with
 * filters (stage, type, open only); a click opens the detail: the fields, the stage buttons (every legal move, reopen
 * from closed), assign a team, add a note, the timeline (every transition with when and who) and the audit log (loaded
 * on request, reloaded when the incident changes). "New incident" opens a form, filled from the selected asset; an
 * alarm row's ⚑ opens it filled from the alarm (`openCreate`).
 *
 * Nothing is shown as saved before the server said so: while a request is on its way its buttons wait and the status
 * line says "saving…"; a refusal is said in plain words (the server's own, in the page's language) and the incident
 * stays as the server last sent it. Writing needs an operator logged in and the link online; otherwise the buttons are
 * disabled with the reason. Every string from the server or a user reaches the page as text.
 */
import {
  INCIDENT_TYPES,
  SEVERITIES,
  STAGES,
  type AuditEntry,
  type Incident,
  type IncidentCreateBody,
  type IncidentType,
  type Severity,
  type Stage,
} from '../domain/ops';
import { el, replaceChildren } from './dom';
import { translate, type I18nKey, type Lang, type Params } from './i18n';
import {
  NO_FILTER,
  asIsolationPlan,
  canWrite,
  dateTimeText,
  filterIncidents,
  groupByStage,
  isolationPlanText,
  nextStages,
  problemText,
  type IncidentFilter,
  type IsolationPlan,
  type OpsActions,
  type OpsProblem,
  type OpsState,
  type OpsStore,
} from './opsState';
import type { AppStore } from './state';

export interface IncidentsPanelOptions {
  /** select an asset and fly to it */
  flyTo(id: string): void;
  /** the valve isolation computed for this pipe in this viewer (network traces), null when none is */
  planFor?(asset: string): IsolationPlan | null;
}

export interface IncidentsPanel {
  /** the panel's root (a section.panel), for the dock */
  readonly element: HTMLElement;
  /** opens the "new incident" form with these fields filled in */
  openCreate(draft: IncidentCreateBody): void;
  /** the incident whose detail is shown, null for the list */
  shown(): number | null;
  dispose(): void;
}

const stageKey = (s: Stage | 'reopened'): I18nKey => `incidents.stage.${s}`;
const typeKey = (t: IncidentType): I18nKey => `incidents.type.${t}`;
const severityKey = (s: Severity): I18nKey => `incidents.severity.${s}`;

function options<T extends string>(values: readonly T[], label: (v: T) => string, selected: T | null, all?: string): HTMLOptionElement[] {
  const out: HTMLOptionElement[] = [];
  if (all !== undefined) out.push(el('option', { text: all, attrs: { value: '' } }));
  for (const v of values) out.push(el('option', { text: label(v), attrs: { value: v } }));
  for (const o of out) o.selected = o.value === (selected ?? '');
  return out;
}

/** A select whose options are rebuilt (language) without losing the chosen value. */
function fillSelect<T extends string>(select: HTMLSelectElement, values: readonly T[], label: (v: T) => string, all?: string): void {
  const value = select.value;
  select.replaceChildren(...options(values, label, null, all));
  select.value = value || (all !== undefined ? '' : (values[0] ?? ''));
}

export function mountIncidentsPanel(parent: HTMLElement, store: AppStore, ops: OpsStore, actions: OpsActions, opts: IncidentsPanelOptions): IncidentsPanel {
  const root = el('section', { className: 'panel incidents-panel', testId: 'incidents-panel' });
  parent.appendChild(root);
  const lang = (): Lang => store.get().lang;
  const t = (k: I18nKey, p?: Params): string => translate(lang(), k, p);

  let filter: IncidentFilter = { ...NO_FILTER };
  let shownId: number | null = null;
  /** a request of the detail (stage, team, note) is on its way */
  let busy = false;
  /** what the detail's last request came to (cleared when another incident is shown) */
  let status: { text: string; error: boolean } | null = null;
  let audit: { id: number; version: number; entries: AuditEntry[] | null; problem: OpsProblem | null } | null = null;

  // persistent parts (inputs keep what the user typed across re-renders)
  const title = el('h2', { className: 'panel-title' });
  const note = el('p', { className: 'muted', testId: 'incidents-note' });
  const stageFilter = el('select', { testId: 'incidents-filter-stage' });
  const typeFilter = el('select', { testId: 'incidents-filter-type' });
  const openOnly = el('input', { testId: 'incidents-open-only', attrs: { type: 'checkbox' } });
  const stageLabel = el('span');
  const typeLabel = el('span');
  const openLabel = el('span');
  const newButton = el('button', { testId: 'incidents-new', attrs: { type: 'button' } });
  const toolbar = el('div', { className: 'incidents-toolbar' }, [
    el('label', {}, [stageLabel, stageFilter]),
    el('label', {}, [typeLabel, typeFilter]),
    el('label', {}, [openOnly, openLabel]),
    newButton,
  ]);
  const list = el('div', { className: 'incidents-list', testId: 'incidents-list' });
  const detail = el('div', { className: 'incident-detail', testId: 'incident-detail' });
  detail.hidden = true;

  // the "new incident" form
  const form = el('form', { className: 'incident-form', testId: 'incident-form' });
  form.hidden = true;
  const fType = el('select', { testId: 'incident-form-type' });
  const fSeverity = el('select', { testId: 'incident-form-severity' });
  const fTitle = el('input', { testId: 'incident-form-title', attrs: { type: 'text', maxlength: '200', required: '' } });
  const fAsset = el('input', { testId: 'incident-form-asset', attrs: { type: 'text', maxlength: '64' } });
  const fTeam = el('input', { testId: 'incident-form-team', attrs: { type: 'text', maxlength: '100' } });
  const fNotes = el('textarea', { testId: 'incident-form-notes', attrs: { rows: '2', maxlength: '4000' } });
  const fCreate = el('button', { testId: 'incident-form-create', attrs: { type: 'submit' } });
  const fCancel = el('button', { testId: 'incident-form-cancel', attrs: { type: 'button' } });
  const fStatus = el('p', { className: 'incident-status', testId: 'incident-form-status', attrs: { role: 'status' } });
  const fLabels = {
    type: el('span'),
    severity: el('span'),
    title: el('span'),
    asset: el('span'),
    team: el('span'),
    notes: el('span'),
    alarm: el('span'),
  };
  const fAlarm = el('span', { className: 'muted', testId: 'incident-form-alarm' });
  const fAlarmRow = el('div', { className: 'incident-form-alarm' }, [fLabels.alarm, fAlarm]);
  /** the alarm (and location) the form was opened from; kept until it is submitted or cancelled */
  let draftExtra: Pick<IncidentCreateBody, 'alarm' | 'location' | 'isolationPlan'> = { alarm: null, location: null, isolationPlan: null };
  let creating = false;
  form.append(
    el('label', {}, [fLabels.type, fType]),
    el('label', {}, [fLabels.severity, fSeverity]),
    el('label', {}, [fLabels.title, fTitle]),
    el('label', {}, [fLabels.asset, fAsset]),
    el('label', {}, [fLabels.team, fTeam]),
    el('label', {}, [fLabels.notes, fNotes]),
    fAlarmRow,
    el('div', { className: 'incident-buttons' }, [fCreate, fCancel]),
    fStatus,
  );

  root.append(el('header', { className: 'panel-header' }, [title]), note, toolbar, form, list, detail);

  const closeForm = (): void => {
    form.hidden = true;
    fStatus.textContent = '';
    draftExtra = { alarm: null, location: null, isolationPlan: null };
  };

  const openCreate = (d: IncidentCreateBody): void => {
    shownId = null;
    fillForm();
    fType.value = d.type;
    fSeverity.value = d.severity;
    fTitle.value = d.title;
    fAsset.value = d.asset ?? '';
    fTeam.value = d.team ?? '';
    fNotes.value = d.notes;
    draftExtra = { alarm: d.alarm, location: d.location, isolationPlan: d.isolationPlan };
    fStatus.textContent = '';
    form.hidden = false;
    render();
    fTitle.focus();
  };

  newButton.addEventListener('click', () => {
    const id = store.get().selection?.id ?? null;
    openCreate({
      type: 'other',
      title: id ? t('incidents.titleAtAsset', { asset: id }) : '',
      asset: id,
      location: null,
      severity: 'medium',
      team: null,
      notes: '',
      alarm: null,
      isolationPlan: null,
    });
  });
  fCancel.addEventListener('click', () => {
    closeForm();
    render();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (creating || !canWrite(ops.get())) return;
    const body: IncidentCreateBody = {
      type: fType.value as IncidentType,
      severity: fSeverity.value as Severity,
      title: fTitle.value.trim(),
      asset: fAsset.value.trim() || null,
      team: fTeam.value.trim() || null,
      notes: fNotes.value.trim(),
      ...draftExtra,
    };
    creating = true;
    fStatus.textContent = t('ops.saving');
    render();
    void actions.createIncident(body).then((out) => {
      creating = false;
      if (disposed) return;
      if (out.ok) {
        closeForm();
        fTitle.value = fAsset.value = fTeam.value = fNotes.value = '';
        shownId = out.value.id;
        status = null;
        audit = null;
      } else {
        fStatus.textContent = t('ops.notSaved', { reason: problemText(out.problem, lang()) });
      }
      render();
    });
  });

  stageFilter.addEventListener('change', () => {
    filter = { ...filter, stage: (stageFilter.value || null) as Stage | null };
    render();
  });
  typeFilter.addEventListener('change', () => {
    filter = { ...filter, type: (typeFilter.value || null) as IncidentType | null };
    render();
  });
  openOnly.addEventListener('change', () => {
    filter = { ...filter, openOnly: openOnly.checked };
    render();
  });

  const fillForm = (): void => {
    fillSelect(fType, INCIDENT_TYPES, (v) => t(typeKey(v)));
    fillSelect(fSeverity, SEVERITIES, (v) => t(severityKey(v)));
  };

  const show = (id: number | null): void => {
    shownId = id;
    status = null;
    audit = null;
    render();
  };

  /** a change to the shown incident: buttons wait until the server answered; the answer decides what shows */
  const change = (inc: Incident, patch: Omit<Parameters<OpsActions['patchIncident']>[1], 'version'>, after?: () => void): void => {
    if (busy) return;
    busy = true;
    status = { text: t('ops.saving'), error: false };
    render();
    void actions.patchIncident(inc.id, { version: inc.version, ...patch }).then((out) => {
      busy = false;
      if (disposed) return;
      status = out.ok ? null : { text: t('ops.notSaved', { reason: problemText(out.problem, lang()) }), error: true };
      if (out.ok) after?.();
      render();
    });
  };

  /** asks for the audit log of the shown incident (the answer re-renders) */
  const fetchAudit = (inc: Incident): void => {
    audit = { id: inc.id, version: inc.version, entries: null, problem: null };
    const asked = audit;
    void actions.audit(inc.id).then((out) => {
      if (disposed || audit !== asked) return;
      audit = out.ok ? { ...asked, entries: out.value } : { ...asked, problem: out.problem };
      render();
    });
  };

  // detail inputs (persist while the same incident is shown)
  const dTeam = el('input', { testId: 'incident-team', attrs: { type: 'text', maxlength: '100' } });
  const dTeamButton = el('button', { testId: 'incident-team-save', attrs: { type: 'button' } });
  const dNote = el('input', { testId: 'incident-note', attrs: { type: 'text', maxlength: '2000' } });
  const dNoteButton = el('button', { testId: 'incident-note-add', attrs: { type: 'button' } });
  let dInputsFor: number | null = null;

  const renderDetail = (s: OpsState, inc: Incident): void => {
    const L = lang();
    const writable = canWrite(s) && !busy;
    if (dInputsFor !== inc.id) {
      dInputsFor = inc.id;
      dTeam.value = inc.team ?? '';
      dNote.value = '';
    }
    const back = el('button', { className: 'incident-back', text: `← ${t('incidents.back')}`, testId: 'incident-back', attrs: { type: 'button' } });
    back.addEventListener('click', () => show(null));
    const field = (label: I18nKey, value: string, testId?: string): HTMLElement =>
      el('div', { className: 'incident-field' }, [el('span', { className: 'muted', text: `${t(label)} ` }), el('span', { text: value, testId })]);
    const stageButtons = nextStages(inc.stage).map((to) => {
      const b = el('button', {
        className: 'incident-stage',
        text: inc.stage === 'closed' ? t('incidents.stage.reopened') : t(stageKey(to)),
        testId: 'incident-stage',
        attrs: { type: 'button', 'data-stage': to, ...(writable ? {} : { disabled: '' }) },
      });
      b.addEventListener('click', () => change(inc, { stage: to }));
      return b;
    });
    dTeamButton.textContent = t('incidents.saveTeam');
    dNoteButton.textContent = t('incidents.addNote');
    dTeamButton.disabled = dNoteButton.disabled = !writable;
    dTeamButton.onclick = () => change(inc, { team: dTeam.value.trim() || null });
    dNoteButton.onclick = () => {
      const text = dNote.value.trim();
      if (text) change(inc, { note: text }, () => (dNote.value = ''));
    };
    const zoom = inc.asset
      ? el('button', { className: 'incident-zoom', text: t('incidents.zoom'), testId: 'incident-zoom', attrs: { type: 'button' } })
      : null;
    const asset = inc.asset;
    if (zoom && asset) zoom.addEventListener('click', () => opts.flyTo(asset));
    // the isolation plan recorded with the incident, and one computed here since (attach it)
    const plan = asIsolationPlan(inc.isolationPlan);
    const here = inc.asset ? (opts.planFor?.(inc.asset) ?? null) : null;
    const attach =
      here && JSON.stringify(here) !== JSON.stringify(plan)
        ? el('button', {
            text: t('incidents.planAttach', { asset: here.pipe }),
            testId: 'incident-plan-attach',
            attrs: { type: 'button', ...(writable ? {} : { disabled: '' }) },
          })
        : null;
    if (attach && here) attach.addEventListener('click', () => change(inc, { isolationPlan: here }));
    const timeline = el(
      'ol',
      { className: 'incident-timeline', testId: 'incident-timeline' },
      inc.transitions.map((tr) =>
        el('li', {
          text: t('incidents.transition', { stage: t(stageKey(tr.stage)), time: dateTimeText(tr.at, L), by: tr.by }),
          attrs: { 'data-stage': tr.stage },
        }),
      ),
    );
    // an audit log on screen follows the incident's changes
    if (audit && audit.id === inc.id && audit.version !== inc.version && audit.entries) fetchAudit(inc);
    const auditBox = el('div', { className: 'incident-audit', testId: 'incident-audit' });
    if (!audit || audit.id !== inc.id) {
      const b = el('button', { text: t('incidents.auditShow'), testId: 'incident-audit-show', attrs: { type: 'button' } });
      b.addEventListener('click', () => {
        fetchAudit(inc);
        render();
      });
      auditBox.append(b);
    } else if (audit.problem) {
      auditBox.append(el('p', { className: 'incident-status error', text: problemText(audit.problem, L) }));
    } else if (!audit.entries) {
      auditBox.append(el('p', { className: 'muted', text: translate(L, 'app.loading') }));
    } else {
      auditBox.append(
        el('h4', { text: t('incidents.audit') }),
        el(
          'ol',
          { className: 'incident-audit-list' },
          audit.entries.map((a) => el('li', { text: t('incidents.auditEntry', { time: dateTimeText(a.at, L), actor: a.actor, action: a.action }) })),
        ),
      );
    }
    // the detail is rebuilt on every change of the incident: an input being typed in keeps the focus
    const typing = document.activeElement === dTeam || document.activeElement === dNote ? (document.activeElement as HTMLInputElement) : null;
    replaceChildren(detail, [
      back,
      el('h3', { className: 'incident-title', text: t('incidents.row', { id: inc.id, title: inc.title }), testId: 'incident-title' }),
      field('incidents.field.stage', t(stageKey(inc.stage)), 'incident-stage-now'),
      field('incidents.field.type', t(typeKey(inc.type))),
      field('incidents.field.severity', t(severityKey(inc.severity))),
      inc.asset ? el('div', { className: 'incident-field' }, [el('span', { className: 'muted', text: `${t('incidents.field.asset')} ` }), el('span', { text: inc.asset }), zoom]) : null,
      inc.alarm ? field('incidents.field.alarm', inc.alarm.episode) : null,
      field('incidents.field.team', inc.team ?? '—'),
      plan ? field('incidents.plan', isolationPlanText(plan, L), 'incident-plan') : null,
      attach,
      inc.notes ? el('p', { className: 'incident-notes', text: inc.notes }) : null,
      stageButtons.length ? el('div', { className: 'incident-buttons' }, [el('span', { className: 'muted', text: `${t('incidents.moveTo')} ` }), ...stageButtons]) : null,
      el('div', { className: 'incident-edit' }, [dTeam, dTeamButton]),
      el('div', { className: 'incident-edit' }, [dNote, dNoteButton]),
      el('p', { className: `incident-status${status?.error ? ' error' : ''}`, text: status?.text ?? '', testId: 'incident-status', attrs: { role: 'status' } }),
      el('h4', { text: t('incidents.timeline') }),
      el('p', { className: 'muted', text: t('incidents.created', { time: dateTimeText(inc.createdAt, L), by: inc.createdBy }) }),
      timeline,
      auditBox,
    ]);
    typing?.focus();
    dTeam.setAttribute('aria-label', t('incidents.field.team'));
    dNote.setAttribute('aria-label', t('incidents.addNote'));
  };

  const renderList = (s: OpsState): void => {
    const shown = filterIncidents(s.incidents, filter);
    if (shown.length === 0) {
      list.replaceChildren(el('p', { className: 'muted', text: t(s.incidents.length ? 'incidents.noneMatch' : 'incidents.none') }));
      return;
    }
    list.replaceChildren(
      ...groupByStage(shown).map((g) =>
        el('div', { className: 'incident-group', attrs: { 'data-stage': g.stage } }, [
          el('h3', { className: 'incident-group-title', text: `${t(stageKey(g.stage))} (${g.incidents.length})` }),
          el(
            'ul',
            { className: 'incident-rows' },
            g.incidents.map((inc) => {
              const b = el('button', { className: 'incident-open', attrs: { type: 'button' } }, [
                el('div', { text: t('incidents.row', { id: inc.id, title: inc.title }) }),
                el('div', {
                  className: 'muted',
                  text: [t(typeKey(inc.type)), t(severityKey(inc.severity)), inc.asset, inc.team].filter((x): x is string => !!x).join(' · '),
                }),
              ]);
              b.addEventListener('click', () => show(inc.id));
              return el('li', { className: `incident-row severity-${inc.severity}`, testId: 'incident-row', attrs: { 'data-id': String(inc.id), 'data-stage': inc.stage } }, [b]);
            }),
          ),
        ]),
      ),
    );
  };

  const render = (): void => {
    const s = ops.get();
    title.textContent = t('incidents.title');
    stageLabel.textContent = `${t('incidents.filterStage')} `;
    typeLabel.textContent = `${t('incidents.filterType')} `;
    openLabel.textContent = ` ${t('incidents.openOnly')}`;
    fillSelect(stageFilter, STAGES, (v) => t(stageKey(v)), t('incidents.all'));
    fillSelect(typeFilter, INCIDENT_TYPES, (v) => t(typeKey(v)), t('incidents.all'));
    fillForm();
    newButton.textContent = t('incidents.new');
    newButton.title = store.get().selection?.id ? t('incidents.fromSelection') : t('incidents.new');
    const writable = canWrite(s);
    newButton.disabled = !writable;
    fLabels.type.textContent = `${t('incidents.field.type')} `;
    fLabels.severity.textContent = `${t('incidents.field.severity')} `;
    fLabels.title.textContent = `${t('incidents.field.title')} `;
    fLabels.asset.textContent = `${t('incidents.field.asset')} `;
    fLabels.team.textContent = `${t('incidents.field.team')} `;
    fLabels.notes.textContent = `${t('incidents.field.notes')} `;
    fLabels.alarm.textContent = `${t('incidents.field.alarm')} `;
    fAlarm.textContent = draftExtra.alarm?.episode ?? '';
    fAlarmRow.hidden = !draftExtra.alarm;
    fCreate.textContent = t('incidents.create');
    fCancel.textContent = t('incidents.cancel');
    fCreate.disabled = creating || !writable;

    // what the panel can and cannot do now, in words
    const notes: string[] = [];
    if (s.link === 'offline') notes.push(t('ops.offlineHint'));
    if (s.needLogin) notes.push(t('incidents.loginToView'));
    else if (s.link === 'online' && !writable) notes.push(s.session?.user ? t('ops.needOperator') : t('ops.loginToAck'));
    note.textContent = notes.join(' ');
    note.hidden = notes.length === 0;

    const inc = shownId === null ? undefined : s.incidents.find((i) => i.id === shownId);
    if (shownId !== null && !inc) shownId = null;
    toolbar.hidden = !!inc;
    list.hidden = !!inc;
    detail.hidden = !inc;
    if (inc) renderDetail(s, inc);
    else {
      detail.replaceChildren();
      dInputsFor = null;
      renderList(s);
    }
  };

  let disposed = false;
  // what the panel shows: the incidents, and what may be done (link, session); not the acks or the KPIs
  const offOps = ops.subscribe((s, prev) => {
    if (s.incidents !== prev.incidents || s.link !== prev.link || s.session !== prev.session || s.needLogin !== prev.needLogin) render();
  });
  const offLang = store.watch((s) => s.lang, render);
  const offSel = store.watch((s) => s.selection, () => (newButton.title = store.get().selection?.id ? t('incidents.fromSelection') : t('incidents.new')));
  render();

  return {
    element: root,
    openCreate,
    shown: () => shownId,
    dispose() {
      if (disposed) return;
      disposed = true;
      offOps();
      offLang();
      offSel();
      root.remove();
    },
  };
}
