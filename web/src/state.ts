// The one store object of the page: who codes, the codebook, the open document and the
// codes used recently; remembered in localStorage where it should survive a reload.

import { Code, Doc } from "./api";

export interface State {
  coder: string;
  codes: Code[];
  doc: Doc | null;
  recent: number[];  // code ids, most recent first
  favourites: number[];  // code ids for the digit keys 1–9
  lastCode: number | null;
  lastChange: number;
}

function stored<T>(key: string, fallback: T): T {
  try {
    const value = localStorage.getItem(key);
    return value === null ? fallback : (JSON.parse(value) as T);
  } catch (e) {
    return fallback;
  }
}

export const state: State = {
  coder: stored<string>("inzicht.coder", ""),
  codes: [],
  doc: null,
  recent: stored<number[]>("inzicht.recent", []),
  favourites: stored<number[]>("inzicht.favourites", []),
  lastCode: stored<number | null>("inzicht.lastCode", null),
  lastChange: 0,
};

export function remember(): void {
  localStorage.setItem("inzicht.coder", JSON.stringify(state.coder));
  localStorage.setItem("inzicht.recent", JSON.stringify(state.recent));
  localStorage.setItem("inzicht.favourites", JSON.stringify(state.favourites));
  localStorage.setItem("inzicht.lastCode", JSON.stringify(state.lastCode));
}

export function usedCode(id: number): void {
  state.lastCode = id;
  state.recent = [id, ...state.recent.filter((c) => c !== id)].slice(0, 8);
  remember();
}

export function codeById(id: number): Code | undefined {
  return state.codes.find((c) => c.id === id);
}
