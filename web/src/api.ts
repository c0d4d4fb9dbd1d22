// The client of the workbench's JSON API (docs/api.md). Offsets are UTF-16 code units, as
// the DOM counts them; the server converts.

export interface Turn { index: number; speaker: string; role: string; start: number; end: number; time_ms: number | null; }
export interface Coding { id: number; code_id: number; coder: string; start: number; end: number; memo: string | null; created: string; }
export interface Memo { id: number; target_kind: string; target: string; coder: string; text: string; created: string; }
export interface Doc {
  id: number; name: string; case: string; attributes: { [name: string]: string | number };
  text: string; length: number; turns: Turn[]; codings: Coding[]; memos: Memo[];
}
export interface DocListing {
  id: number; name: string; case: string; format: string; attributes: { [name: string]: string | number };
  words: number; turns: number; codings: { [coder: string]: number }; suggestions: number;
}
// A pending suggestion: proposed by a rule (`autocode --suggest`) or a model (`suggest`).
export interface Suggestion {
  id: number; code_id: number; code: string; start: number; end: number; score: number;
  source: "rule" | "model"; origin: string; words: string[]; created: string;
}
export interface Decision { decided: number; codings_added: number; }
export interface Code {
  id: number; path: string; name: string; parent_id: number | null; color: string | null;
  description: string; include: string[]; exclude: string[]; examples: string[]; codable: boolean;
  counts: { [coder: string]: number }; memos: Memo[];
}
export interface Change { id: number; coder: string; at: string; kind: string; summary: string; document_id: number | null; state: string; }
export interface Table { columns: string[]; rows: (string | number | null)[][]; }
export interface Segment {
  id?: number; document: string; document_id: number; case?: string; code?: string; codes?: string[];
  coder?: string; speaker?: string; start: number; end: number; text: string; before?: string; after?: string;
}
export interface Disagreement { document: string; document_id: number; start: number; end: number; code: string; coders: string[]; text: string; }

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

let csrf = "";

export function setCsrf(token: string): void {
  csrf = token;
}

async function answer<T>(response: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body === "object" && "error" in body ? String((body as { error: unknown }).error) : response.statusText;
    throw new ApiError(response.status, message);
  }
  return body as T;
}

export async function get<T>(path: string, params: [string, string][] = []): Promise<T> {
  const query = params.length ? "?" + new URLSearchParams(params).toString() : "";
  return answer<T>(await fetch(path + query, { credentials: "same-origin" }));
}

export async function send<T>(method: string, path: string, body: object): Promise<T> {
  return answer<T>(
    await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Inzicht-CSRF": csrf },
      body: JSON.stringify(body),
    })
  );
}
