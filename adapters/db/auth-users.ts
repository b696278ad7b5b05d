/** Users in Postgres (Prisma's `user`): passwords arrive already hashed (core/auth/tokens.ts). */
import type { PrismaClient } from "@prisma/client";
import type { Role } from "../../core/auth/roles";
import { roleOf } from "./credential-check";

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  mustChangePassword: boolean;
  disabled: boolean;
  /** Wall-clock ms a one-time password stops working; null for a chosen password. */
  passwordExpiresAt: number | null;
}

export interface UserStore {
  countUsers(): Promise<number>;
  findUser(username: string): Promise<UserRecord | null>;
  createUser(u: {
    username: string;
    passwordHash: string;
    role: Role;
    mustChangePassword: boolean;
    passwordExpiresAt?: Date | null;
  }): Promise<UserRecord>;
  /** A one-time password (`mustChangePassword`) may carry an expiry. */
  setPassword(
    userId: string,
    passwordHash: string,
    mustChangePassword: boolean,
    passwordExpiresAt?: Date | null,
  ): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;
  setDisabled(userId: string, disabledAt: Date | null): Promise<void>;
  listUsers(): Promise<Array<Omit<UserRecord, "passwordHash">>>;
}

function toUser(u: {
  id: string;
  username: string;
  passwordHash: string;
  role: string;
  mustChangePassword: boolean;
  disabledAt: Date | null;
  passwordExpiresAt: Date | null;
}): UserRecord {
  return {
    id: u.id,
    username: u.username,
    passwordHash: u.passwordHash,
    role: roleOf(u.role),
    mustChangePassword: u.mustChangePassword,
    disabled: u.disabledAt !== null,
    passwordExpiresAt: u.passwordExpiresAt ? u.passwordExpiresAt.getTime() : null,
  };
}

export function createUserStore(prisma: PrismaClient): UserStore {
  return {
    countUsers: () => prisma.user.count(),
    async findUser(username) {
      const u = await prisma.user.findUnique({ where: { username } });
      return u ? toUser(u) : null;
    },
    async createUser(u) {
      return toUser(await prisma.user.create({ data: u }));
    },
    async setPassword(userId, passwordHash, mustChangePassword, passwordExpiresAt = null) {
      await prisma.user.update({
        where: { id: userId },
        data: { passwordHash, mustChangePassword, passwordExpiresAt },
      });
    },
    async setRole(userId, role) {
      await prisma.user.update({ where: { id: userId }, data: { role } });
    },
    async setDisabled(userId, disabledAt) {
      await prisma.user.update({ where: { id: userId }, data: { disabledAt } });
    },
    async listUsers() {
      const users = await prisma.user.findMany({ orderBy: { username: "asc" } });
      return users.map((u) => {
        const { passwordHash: _, ...rest } = toUser(u);
        return rest;
      });
    },
  };
}
