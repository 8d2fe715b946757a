import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  KbArticle,
  KbArticleSummary,
  KbCategory,
  KbDeflectionRow,
  KbDiff,
  KbFeedback,
  KbImage,
  KbVersion,
  List,
  Message,
  Page,
  Ticket,
} from "../../../../shared/api";
import { api, get, qs } from "../../api";

// The Knowledge page's server state: keys per resource, mutations that refresh what they change.

export const kbKeys = {
  all: ["kb"] as const,
  list: (q: string, language: string) => [...kbKeys.all, "list", q, language] as const,
  article: (id: number) => [...kbKeys.all, "article", id] as const,
  versions: (id: number) => [...kbKeys.article(id), "versions"] as const,
  diff: (id: number, from: number, to: number) => [...kbKeys.article(id), "diff", from, to] as const,
  categories: [...["kb"], "categories"] as const,
  feedback: [...["kb"], "feedback"] as const,
  deflection: (from: string, to: string) => ["kb", "deflection", from, to] as const,
};

export const useKbArticles = (q: string, language: string) =>
  useQuery({
    queryKey: kbKeys.list(q, language),
    queryFn: async () =>
      (await get<Page<KbArticleSummary>>(`/api/v1/kb/articles${qs({ q, language, limit: 200 })}`)).data,
  });

export const useKbArticle = (id: number | null) =>
  useQuery({
    queryKey: kbKeys.article(id ?? 0),
    queryFn: () => get<KbArticle>(`/api/v1/kb/articles/${id}`),
    enabled: !!id,
  });

export const useKbCategories = () =>
  useQuery({
    queryKey: kbKeys.categories,
    queryFn: async () => (await get<List<KbCategory>>("/api/v1/kb/categories")).data,
    staleTime: 60_000,
  });

export const useKbVersions = (id: number) =>
  useQuery({
    queryKey: kbKeys.versions(id),
    queryFn: async () => (await get<List<KbVersion>>(`/api/v1/kb/articles/${id}/versions`)).data,
  });

export const useKbDiff = (id: number, from: number | null, to: number | null) =>
  useQuery({
    queryKey: kbKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: () => get<KbDiff>(`/api/v1/kb/articles/${id}/diff${qs({ from, to })}`),
    enabled: !!from && !!to && from !== to,
  });

export const useKbFeedback = () =>
  useQuery({
    queryKey: kbKeys.feedback,
    queryFn: async () => (await get<List<KbFeedback>>("/api/v1/kb/feedback")).data,
  });

export const useKbDeflection = (from: string, to: string, enabled: boolean) =>
  useQuery({
    queryKey: kbKeys.deflection(from, to),
    queryFn: async () => (await get<List<KbDeflectionRow>>(`/api/v1/kb/reports/deflection${qs({ from, to })}`)).data,
    enabled,
  });

export type ArticleDraft = {
  title: string;
  body_markdown: string;
  language: "it" | "en";
  category_id: number | null;
  status: "draft" | "published" | "archived";
  internal: boolean;
  translation_of?: number | null;
};

export function useSaveArticle(id: number | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (draft: ArticleDraft) =>
      id
        ? api<KbArticle>("PATCH", `/api/v1/kb/articles/${id}`, draft)
        : api<KbArticle>("POST", "/api/v1/kb/articles", draft),
    onSuccess: (a) => {
      client.setQueryData(kbKeys.article(a.id), a);
      void client.invalidateQueries({ queryKey: kbKeys.all });
    },
  });
}

export function useRestoreVersion(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (number: number) => api<KbArticle>("POST", `/api/v1/kb/articles/${id}/versions/${number}/restore`),
    onSuccess: (a) => {
      client.setQueryData(kbKeys.article(a.id), a);
      void client.invalidateQueries({ queryKey: kbKeys.all });
    },
  });
}

/** An image for an article: its public url goes into the Markdown. */
export const useUploadImage = () =>
  useMutation({
    mutationFn: (file: File) =>
      api<KbImage>("POST", `/api/v1/kb/images${qs({ filename: file.name || "image" })}`, undefined, {
        raw: file,
        contentType: file.type,
      }),
  });

export type CategoryDraft = { name: string; name_en: string | null; parent_id: number | null };

export function useCategoryMutations() {
  const client = useQueryClient();
  const done = () => void client.invalidateQueries({ queryKey: kbKeys.categories });
  return {
    create: useMutation({
      mutationFn: (c: CategoryDraft) => api<KbCategory>("POST", "/api/v1/kb/categories", c),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ id, ...c }: CategoryDraft & { id: number }) =>
        api<KbCategory>("PATCH", `/api/v1/kb/categories/${id}`, c),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (id: number) => api("DELETE", `/api/v1/kb/categories/${id}`),
      onSuccess: done,
    }),
  };
}

/** A ticket an article starts from (/knowledge/new?from_tickets=…): its subject and the customer's first message. */
export type SourceTicket = { number: number; subject: string; question: string };

export const useSourceTickets = (numbers: number[]) =>
  useQuery({
    queryKey: ["kb", "from-tickets", ...numbers],
    queryFn: () =>
      Promise.all(
        numbers.map(async (number): Promise<SourceTicket> => {
          const [ticket, thread] = await Promise.all([
            get<Ticket>(`/api/v1/tickets/${number}`),
            get<List<Message>>(`/api/v1/tickets/${number}/messages`),
          ]);
          const first = thread.data.find((m) => !m.internal && m.author.type === "customer") ?? thread.data[0];
          return { number, subject: ticket.subject, question: (first?.reply_text || first?.body_text || "").trim() };
        }),
      ),
    enabled: numbers.length > 0,
    staleTime: Infinity,
  });

/** Marks the tickets' questions answered by the article, so their group leaves "Questions without an answer". */
export const linkTickets = (articleId: number, numbers: number[]) =>
  Promise.all(numbers.map((n) => api("POST", `/api/v1/tickets/${n}/answered`, { article_id: articleId })));
