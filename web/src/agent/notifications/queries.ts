import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, get } from "../../api";
import type { NotificationList, NotificationSettings } from "../../../../shared/api";
import type { NotificationDelivery, NotificationKind } from "../../../../shared/notifications";

// The notification centre's server state. Pushes (Bell.tsx) write new notifications and counts into the cache.

export const notificationKeys = {
  list: ["notifications"] as const,
  settings: ["notifications", "settings"] as const,
};

export const useNotifications = () =>
  useQuery({
    queryKey: notificationKeys.list,
    queryFn: () => get<NotificationList>("/api/v1/notifications?limit=30"),
  });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: number[] } | { all: true }) =>
      api<{ unread: number }>("POST", "/api/v1/notifications/read", which),
    onSuccess: () => void client.invalidateQueries({ queryKey: notificationKeys.list, exact: true }),
  });
}

export const useNotificationSettings = () =>
  useQuery({
    queryKey: notificationKeys.settings,
    queryFn: () => get<NotificationSettings>("/api/v1/notifications/settings"),
  });

export function useSaveNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: Partial<Record<NotificationKind, NotificationDelivery>>) =>
      api<NotificationSettings>("PUT", "/api/v1/notifications/settings", { settings }),
    onSuccess: (r) => client.setQueryData(notificationKeys.settings, r),
  });
}
