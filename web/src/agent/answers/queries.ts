import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MacroInput, PlaybookInput } from "../../../../shared/answers";
import type {
  ArticleTicket,
  KbArticle,
  List,
  Macro,
  Playbook,
  PlaybookChecklist,
  RenderedMacro,
  TicketArticles,
  TicketPlaybook,
  UnansweredGroup,
} from "../../../../shared/api";
import { api, get, qs } from "../../api";
import { kbKeys } from "../kb/queries";
import { ticketKeys } from "../queries";

// Server state of canned replies, playbooks and unanswered questions: keys and hooks, no fetch in components.

export const answerKeys = {
  macros: ["macros"] as const,
  allPlaybooks: ["playbooks"] as const,
  playbooks: (number: number, lang: string) => [...ticketKeys.detail(number), "playbooks", lang] as const,
  unanswered: (days: number, lang: string) => ["unanswered", days, lang] as const,
  ticketArticles: (number: number) => [...ticketKeys.detail(number), "articles"] as const,
  articleTickets: (id: number) => [...kbKeys.article(id), "tickets"] as const,
};

export const useMacros = () =>
  useQuery({ queryKey: answerKeys.macros, queryFn: async () => (await get<List<Macro>>("/api/v1/macros")).data });

/** Renders a macro for the ticket and counts the use (it is being inserted). */
export const renderMacro = (id: number, ticketNumber: number) =>
  api<RenderedMacro>("POST", `/api/v1/macros/${id}/render`, { ticket_number: ticketNumber, use: true });

export function useSaveMacro() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: Partial<MacroInput> }) =>
      id === null ? api<Macro>("POST", "/api/v1/macros", body) : api<Macro>("PATCH", `/api/v1/macros/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: answerKeys.macros }),
  });
}

export function useDeleteMacro() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("DELETE", `/api/v1/macros/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: answerKeys.macros }),
  });
}

export const usePlaybooks = () =>
  useQuery({
    queryKey: answerKeys.allPlaybooks,
    queryFn: async () => (await get<List<Playbook>>("/api/v1/playbooks")).data,
  });

/** After a change: the list, and the playbooks matched on tickets (every key with "playbooks" in it). */
function useRefreshPlaybooks() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => q.queryKey.includes("playbooks") });
}

export function useSavePlaybook() {
  const refresh = useRefreshPlaybooks();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: PlaybookInput }) =>
      id === null
        ? api<Playbook>("POST", "/api/v1/playbooks", body)
        : api<Playbook>("PATCH", `/api/v1/playbooks/${id}`, body),
    onSuccess: refresh,
  });
}

export function useDeletePlaybook() {
  const refresh = useRefreshPlaybooks();
  return useMutation({
    mutationFn: (id: number) => api("DELETE", `/api/v1/playbooks/${id}`),
    onSuccess: refresh,
  });
}

export const useTicketPlaybooks = (number: number, lang: string) =>
  useQuery({
    queryKey: answerKeys.playbooks(number, lang),
    queryFn: async () => (await get<List<TicketPlaybook>>(`/api/v1/tickets/${number}/playbooks${qs({ lang })}`)).data,
  });

export function useTickStep(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; index: number; checked: boolean }) =>
      api<PlaybookChecklist>("POST", `/api/v1/tickets/${number}/playbooks/${v.id}/steps/${v.index}`, {
        checked: v.checked,
      }),
    onSuccess: (r) => {
      // The answer is the checklist: written into the cache at once, so the box never shows the old state.
      client.setQueriesData<TicketPlaybook[]>({ queryKey: [...ticketKeys.detail(number), "playbooks"] }, (old) =>
        old?.map((m) => (m.playbook.id === r.playbook_id ? { ...m, checked: r.checked } : m)),
      );
      void client.invalidateQueries({ queryKey: ticketKeys.events(number) });
    },
  });
}

export const useUnanswered = (days: number, lang: string) =>
  useQuery({
    queryKey: answerKeys.unanswered(days, lang),
    queryFn: () => get<UnansweredGroup[]>(`/api/v1/kb/unanswered${qs({ days, lang })}`),
  });

export const useTicketArticles = (number: number) =>
  useQuery({
    queryKey: answerKeys.ticketArticles(number),
    queryFn: () => get<TicketArticles>(`/api/v1/tickets/${number}/articles`),
  });

/** An article's Markdown, read when its text is inserted into a reply. */
export const fetchArticle = (id: number) => get<KbArticle>(`/api/v1/kb/articles/${id}`);

/** Links an article to the ticket (or, with `unlink`, removes the link); both lists follow. */
export function useArticleLink(number: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, unlink }: { id: number; unlink?: boolean }) =>
      unlink
        ? api("DELETE", `/api/v1/tickets/${number}/articles/${id}`)
        : api("POST", `/api/v1/tickets/${number}/answered`, { article_id: id }),
    onSuccess: (_r, { id }) => {
      void client.invalidateQueries({ queryKey: answerKeys.ticketArticles(number) });
      void client.invalidateQueries({ queryKey: answerKeys.articleTickets(id) });
    },
  });
}

export const useArticleTickets = (id: number | null) =>
  useQuery({
    queryKey: answerKeys.articleTickets(id ?? 0),
    queryFn: async () => (await get<List<ArticleTicket>>(`/api/v1/kb/articles/${id}/tickets`)).data,
    enabled: !!id,
  });
