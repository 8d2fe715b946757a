import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get, qs } from "../../api";
import { agentSocket, usePush } from "../../realtime";
import type {
  Kudos,
  KudosList,
  List,
  Problem,
  ProblemDetail,
  ProblemSuggestion,
  Review,
  ReviewImport,
  ReviewSource,
} from "../../../../shared/api";
import type { CreateProblem, UpdateProblem } from "../../../../shared/listening";

// Listening's server state: reviews, kudos and problems, keyed under "listening".

export const listeningKeys = {
  all: ["listening"] as const,
  reviews: (status: string, maxRating: string) => [...listeningKeys.all, "reviews", status, maxRating] as const,
  ticketReview: (number: number, version: string) => [...listeningKeys.all, "ticket-review", number, version] as const,
  kudos: (mine: boolean) => [...listeningKeys.all, "kudos", mine] as const,
  unread: () => [...listeningKeys.all, "unread"] as const,
  problems: () => [...listeningKeys.all, "problems"] as const,
  problem: (id: number) => [...listeningKeys.all, "problem", id] as const,
  suggestions: () => [...listeningKeys.all, "suggestions"] as const,
  source: () => [...listeningKeys.all, "source"] as const,
};

/** The review platform read through its API, if the server sets one up, and how its last reads went. */
export const useReviewSource = () =>
  useQuery({ queryKey: listeningKeys.source(), queryFn: () => get<ReviewSource>("/api/v1/reviews/sync") });

export const useReviews = (status: string, maxRating: string) =>
  useQuery({
    queryKey: listeningKeys.reviews(status, maxRating),
    queryFn: () => get<List<Review>>(`/api/v1/reviews${qs({ status, max_rating: maxRating })}`),
  });

/** `version`: the ticket's updated_at, so that an answer sent on the ticket shows in the review's state at once. */
export const useTicketReview = (number: number, version: string) =>
  useQuery({
    queryKey: listeningKeys.ticketReview(number, version),
    queryFn: () => get<Review>(`/api/v1/tickets/${number}/review`),
    placeholderData: keepPreviousData,
    retry: false,
  });

export function useImportReviews() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { platform: string; file: File }) => {
      const form = new FormData();
      form.set("platform", input.platform);
      form.set("file", input.file);
      return api<ReviewImport>("POST", "/api/v1/reviews/import", undefined, { form });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

/** Reads the review platform set up on the server (Trustpilot) now, rather than at the worker's next hour. */
export function useSyncReviews() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ReviewImport>("POST", "/api/v1/reviews/sync"),
    // A failed read is recorded too (GET /api/v1/reviews/sync says why).
    onSettled: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

export function useMarkPublished() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<Review>("POST", `/api/v1/reviews/${id}/published`),
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

/** New praise, pushed to the workspace as it is given: the query at `key` (the wall, the count) fetches again. */
function useKudosPush(key: readonly unknown[]) {
  const client = useQueryClient();
  usePush(agentSocket, (m) => {
    if (m.type === "kudos.created") void client.invalidateQueries({ queryKey: key });
  });
}

/** The praise wall: new praise arrives by push; every 5 minutes it reads again anyway (a TV shows it all day). */
export function useKudos(mine: boolean) {
  useKudosPush(listeningKeys.kudos(mine));
  return useQuery({
    queryKey: listeningKeys.kudos(mine),
    queryFn: () => get<KudosList>(`/api/v1/kudos${qs({ mine: mine ? "true" : undefined, days: 90 })}`),
    refetchInterval: 5 * 60_000,
  });
}

export function useUnreadKudos() {
  useKudosPush(listeningKeys.unread());
  return useQuery({
    queryKey: listeningKeys.unread(),
    queryFn: () => get<{ unread: number }>("/api/v1/kudos/unread"),
    refetchInterval: 5 * 60_000,
  });
}

export function useReadKudos() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ unread: number }>("POST", "/api/v1/kudos/read"),
    onSuccess: (r) => client.setQueryData(listeningKeys.unread(), r),
  });
}

export function usePraise() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ticket_number: number; message_id?: number }) => api<Kudos>("POST", "/api/v1/kudos", input),
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

export function useConsentRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api("POST", `/api/v1/kudos/${id}/consent-request`),
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

export const useProblems = () =>
  useQuery({ queryKey: listeningKeys.problems(), queryFn: () => get<List<Problem>>("/api/v1/problems") });

export const useProblem = (id: number) =>
  useQuery({ queryKey: listeningKeys.problem(id), queryFn: () => get<ProblemDetail>(`/api/v1/problems/${id}`) });

export const useSuggestions = () =>
  useQuery({
    queryKey: listeningKeys.suggestions(),
    queryFn: () => get<List<ProblemSuggestion>>("/api/v1/problems/suggestions"),
  });

export function useCreateProblem() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<CreateProblem> & { title: string }) =>
      api<ProblemDetail>("POST", "/api/v1/problems", input),
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}

export function useChangeProblem(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateProblem) => api<ProblemDetail>("PATCH", `/api/v1/problems/${id}`, input),
    onSuccess: (p) => client.setQueryData(listeningKeys.problem(id), p),
  });
}

export function useAddProblemTickets(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (numbers: number[]) =>
      api<ProblemDetail>("POST", `/api/v1/problems/${id}/tickets`, { ticket_numbers: numbers }),
    onSuccess: (p) => client.setQueryData(listeningKeys.problem(id), p),
  });
}

export function useNotifyProblem(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { solve: boolean; note_it?: string; note_en?: string }) =>
      api<{ notified: number; solved: number }>("POST", `/api/v1/problems/${id}/notify`, input),
    onSuccess: () => void client.invalidateQueries({ queryKey: listeningKeys.all }),
  });
}
