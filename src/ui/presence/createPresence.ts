/**
 * Presence on one open document for a Solid screen: the peers as a signal, this tab's focus
 * reported as the user moves between fields, and the fields others are on marked in their
 * colour. Without an awareness (no sync server) everything here is inert.
 */
import { createContext, createEffect, createMemo, createSignal, onCleanup, useContext, type Accessor } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import { setFocus, watchPeers, type Focus, type Peer } from '../../sync/network/presence';
import type { PresenceIdentity } from '../../sync/network/syncedPersistence';
import { localIdentity, namesOf, peersByField, sameFocus, sameIdentity, samePeers, usernamesOf } from './presenceModel';

export interface Presence {
  /** False when the document does not sync through a server: there is nobody to show. */
  available(): boolean;
  /** Who this tab is, as the others see it. */
  self(): PresenceIdentity | undefined;
  /** Everyone else on the document, one entry per tab. */
  peers(): readonly Peer[];
  /** Say where this tab is; repeating the same place sends nothing. */
  report(focus: Focus | undefined): void;
  /**
   * Ties an element holding a form field to `key`: focus inside it is reported, and while a
   * peer is on that key the element gets `data-peer-focus` (their usernames), `data-peer-name`
   * and `--peer-colour`, which presence.css draws as an outline with a name tag. Call it as a
   * ref, while a component renders: `ref={(el) => presence.field(el, 'header:notes')}`.
   */
  field(el: HTMLElement, key: string | Accessor<string>): void;
}

const NO_PEERS: readonly Peer[] = [];

/** The presence of a screen with no synced document. */
export const noPresence: Presence = {
  available: () => false,
  self: () => undefined,
  peers: () => NO_PEERS,
  report: () => undefined,
  field: () => undefined,
};

/**
 * Presence on the document whose awareness `source` gives (it may arrive later, or never). Call
 * inside a component; the subscription and this tab's focus end with it.
 *
 * @example
 *   const presence = createPresence(() => open()?.awareness);
 *   <PresenceProvider value={presence}>…<div ref={(el) => usePresence().field(el, 'header:notes')}>…</PresenceProvider>
 */
export function createPresence(source: Accessor<Awareness | undefined>): Presence {
  const [peers, setPeers] = createSignal<readonly Peer[]>(NO_PEERS, { equals: samePeers });
  const [self, setSelf] = createSignal<PresenceIdentity | undefined>(undefined, {
    equals: (a, b) => (a === undefined || b === undefined ? a === b : sameIdentity(a, b)),
  });
  let awareness: Awareness | undefined;
  let current: Focus | undefined;

  createEffect(() => {
    const a = source();
    if (!a) {
      setPeers(NO_PEERS);
      setSelf(undefined);
      return;
    }
    awareness = a;
    if (current !== undefined) setFocus(a, current);
    const stop = watchPeers(a, (list) => {
      setPeers(list);
      setSelf(localIdentity(a));
    });
    onCleanup(() => {
      stop();
      awareness = undefined;
      // The screen goes away: nobody should go on seeing this tab on a field.
      if (current !== undefined) setFocus(a, undefined);
    });
  });

  const report = (focus: Focus | undefined) => {
    if (sameFocus(current, focus)) return;
    current = focus;
    if (awareness) setFocus(awareness, focus);
  };
  const byField = createMemo(() => peersByField(peers()));

  return {
    available: () => source() !== undefined,
    self,
    peers,
    report,
    field(el, key) {
      const keyOf = typeof key === 'function' ? key : () => key;
      const isCurrent = (k: string) => current?.kind === 'field' && current.key === k;
      const onIn = () => report({ kind: 'field', key: keyOf() });
      const onOut = () => {
        const k = keyOf();
        // Moving to another field, its focusin reports that one; only leaving all fields says "nowhere".
        setTimeout(() => {
          if (isCurrent(k) && !el.contains(document.activeElement)) report(undefined);
        }, 0);
      };
      el.addEventListener('focusin', onIn);
      el.addEventListener('focusout', onOut);
      const on = createMemo(() => byField().get(keyOf()) ?? NO_PEERS, NO_PEERS, { equals: samePeers });
      createEffect(() => markField(el, on()));
      onCleanup(() => {
        el.removeEventListener('focusin', onIn);
        el.removeEventListener('focusout', onOut);
        if (isCurrent(keyOf())) report(undefined);
      });
    },
  };
}

/** Attributes, not classes: Solid owns the `class` of these elements and would drop a class added here. */
function markField(el: HTMLElement, peers: readonly Peer[]): void {
  const first = peers[0];
  if (!first) {
    delete el.dataset.peerFocus;
    delete el.dataset.peerName;
    el.style.removeProperty('--peer-colour');
    return;
  }
  el.dataset.peerFocus = usernamesOf(peers);
  el.dataset.peerName = namesOf(peers);
  el.style.setProperty('--peer-colour', first.user.colour);
}

const PresenceContext = createContext<Presence>(noPresence);

/** Hands a screen's presence to the fields below it. */
export const PresenceProvider = PresenceContext.Provider;

/** The presence of the screen around this component (inert when there is none). */
export function usePresence(): Presence {
  return useContext(PresenceContext);
}
